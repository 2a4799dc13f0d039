"""Abuse limits on the public subscribe routes."""

import asyncio
import os
from typing import Any

import pytest

from restock.db import Database
from tests.conftest import serve
from tests.factories import AppClient
from tests.subscriptions.conftest import Scene

REDIS_URL = os.environ.get("RESTOCK_TEST_REDIS_URL")


async def test_per_ip_limit_answers_429_with_retry_after(scene: Scene, db: Database) -> None:
    async with serve(db, rate_limit_per_ip="3/minute") as client:
        answers = [
            await client.post(
                "/store/restock-subscriptions",
                headers=scene.store,
                json={"variant_id": scene.sold_out, "email": f"u{i}@example.com"},
            )
            for i in range(4)
        ]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert answers[3].json() == {
        "type": "too_many_requests",
        "message": "Too many restock subscription requests, try again later",
    }
    assert 1 <= int(answers[3].headers["retry-after"]) <= 60
    assert len(await scene.rows()) == 3


async def _sold_out_variants(scene: Scene, count: int) -> list[str]:
    product = await scene.shop.product(
        [scene.channel["id"]],
        title="Caps",
        options=[{"title": "Size", "values": [str(i) for i in range(count)]}],
        variants=[
            {"title": str(i), "options": {"Size": str(i)}, "prices": []} for i in range(count)
        ],
    )
    items = await scene.shop.items_of(product["id"])
    for item in items.values():
        await scene.shop.stock(item, scene.location["id"], 0)
    return [v["id"] for v in product["variants"]]


async def test_per_email_limit_counts_new_subscriptions_of_the_normalised_address(
    scene: Scene, db: Database
) -> None:
    """Repeats of a live subscription and attempts refused for another reason use up nothing:
    nobody can exhaust someone else's allowance with requests that store nothing."""
    first, second, third = await _sold_out_variants(scene, 3)

    async def subscribe(client: AppClient, variant_id: str, email: str) -> int:
        body = {"variant_id": variant_id, "email": email}
        answer = await client.post("/store/restock-subscriptions", headers=scene.store, json=body)
        return answer.status_code

    async with serve(db, rate_limit_per_email="2/hour") as client:
        repeats = [await subscribe(client, first, "same@example.com") for _ in range(5)]
        refused = [
            await subscribe(client, "variant_absent", "same@example.com"),
            await subscribe(client, scene.in_stock, "SAME@example.com"),
        ]
        second_one = await subscribe(client, second, " SAME@example.com")
        over = await subscribe(client, third, "Same@Example.com")
        other = await subscribe(client, third, "other@example.com")
        concurrent = await asyncio.gather(
            *(subscribe(client, scene.sold_out, "burst@example.com") for _ in range(16))
        )
    assert repeats == [201] * 5 and refused == [404, 400]
    assert (second_one, over, other) == (201, 429, 201)
    assert concurrent == [201] * 16
    rows = await scene.rows(limit=100)
    assert sorted((r["email"].lower(), r["variant_id"]) for r in rows) == sorted(
        [
            ("same@example.com", first),
            ("same@example.com", second),
            ("other@example.com", third),
            ("burst@example.com", scene.sold_out),
        ]
    )


async def test_the_client_address_comes_from_trusted_proxies_only(
    scene: Scene, db: Database
) -> None:
    """Behind a trusted proxy (the test client is 127.0.0.1) each shopper has its own bucket;
    an untrusted peer's X-Forwarded-For is ignored."""

    async def codes(
        client: AppClient, forwarded: list[str], header: str = "x-forwarded-for"
    ) -> list[int]:
        answers = []
        for i, address in enumerate(forwarded):
            headers = {**scene.store, header: address}
            body = {"variant_id": scene.sold_out, "email": f"shopper{i}@example.com"}
            answer = await client.post("/store/restock-subscriptions", headers=headers, json=body)
            answers.append(answer.status_code)
        return answers

    shoppers = ["203.0.113.1", "203.0.113.2", "203.0.113.1", "203.0.113.2", "203.0.113.1"]
    async with serve(db, rate_limit_per_ip="2/minute") as client:
        assert await codes(client, shoppers) == [201, 201, 201, 201, 429]
    rfc7239 = ['for="[2001:db8::1]:4711"', "for=192.0.2.60;proto=https", 'for="[2001:db8::1]"']
    async with serve(db, rate_limit_per_ip="1/minute") as client:
        assert await codes(client, rfc7239, header="forwarded") == [201, 201, 429]
    async with serve(db, rate_limit_per_ip="2/minute", trusted_proxies="10.0.0.0/8") as client:
        assert await codes(client, ["203.0.113.7", "203.0.113.8", "203.0.113.9"]) == [
            201,
            201,
            429,
        ]


async def test_limits_can_be_turned_off(scene: Scene, db: Database) -> None:
    async with serve(db, rate_limit_per_ip="1/minute", rate_limits_enabled=False) as client:
        codes = {
            (
                await client.post(
                    "/store/restock-subscriptions",
                    headers=scene.store,
                    json={"variant_id": scene.sold_out, "email": f"u{i}@example.com"},
                )
            ).status_code
            for i in range(3)
        }
    assert codes == {201}


async def test_live_subscription_cap_per_address(scene: Scene, db: Database) -> None:
    """A guest request at the cap is answered as any other (it must not tell a stranger how
    many subscriptions an address holds) and stores nothing; the signed-in owner is told."""
    shop = scene.shop
    hat = await shop.product(
        [scene.channel["id"]], title="Hat", options=[], variants=[{"title": "Hat", "prices": []}]
    )
    hat_id = hat["variants"][0]["id"]
    async with serve(db, max_live_subscriptions_per_email=1) as client:
        scene.shop.client = client
        body = {"variant_id": scene.sold_out, "email": "cap@example.com"}
        first = await client.post("/store/restock-subscriptions", json=body, headers=scene.store)
        capped = await client.post(
            "/store/restock-subscriptions", headers=scene.store, json={**body, "variant_id": hat_id}
        )
        fresh = await client.post(
            "/store/restock-subscriptions",
            headers=scene.store,
            json={"variant_id": hat_id, "email": "new@example.com"},
        )
        owner = await scene.customer("mine@example.com")
        await scene.subscribe({"variant_id": scene.sold_out}, headers=owner)
        refused = await client.post(
            "/store/restock-subscriptions", headers=owner, json={"variant_id": hat_id}
        )
        stored = sorted((r["email"], r["variant_id"]) for r in await scene.rows())
    assert first.status_code == capped.status_code == fresh.status_code == 201
    varying = {"id", "email", "created_at", "updated_at"}

    def shape(answer: Any) -> dict[str, Any]:
        row = answer.json()["restock_subscription"]
        return {k: v for k, v in row.items() if k not in varying}

    assert shape(capped) == shape(fresh)
    assert (
        capped.json()["restock_subscription"].keys() == fresh.json()["restock_subscription"].keys()
    )
    assert refused.status_code == 400
    assert refused.json() == {
        "type": "invalid_data",
        "message": "An address can wait for at most 1 variants at a time",
    }
    assert stored == [
        ("cap@example.com", scene.sold_out),
        ("mine@example.com", scene.sold_out),
        ("new@example.com", hat_id),
    ]


@pytest.mark.skipif(REDIS_URL is None, reason="RESTOCK_TEST_REDIS_URL is not set")
async def test_redis_counters_are_shared_by_every_api_process(scene: Scene, db: Database) -> None:
    import redis.asyncio as redis

    assert REDIS_URL is not None
    connection = redis.from_url(REDIS_URL)
    await connection.flushdb()
    try:
        settings = {"redis_url": REDIS_URL, "rate_limit_per_ip": "2/minute"}
        async with serve(db, **settings) as first, serve(db, **settings) as second:
            codes = [
                (
                    await client.post(
                        "/store/restock-subscriptions",
                        headers=scene.store,
                        json={"variant_id": scene.sold_out, "email": f"r{i}@example.com"},
                    )
                ).status_code
                for i, client in enumerate((first, second, first))
            ]
        assert codes == [201, 201, 429]
        assert await connection.keys("restock-limits*")
    finally:
        await connection.flushdb()
        await connection.aclose()


async def test_unreachable_redis_lets_shoppers_through(scene: Scene, db: Database) -> None:
    # Nothing listens on port 1: the limits cannot be counted, and the request is not refused.
    async with serve(db, redis_url="redis://127.0.0.1:1/0", rate_limit_per_ip="1/minute") as c:
        codes = [
            (
                await c.post(
                    "/store/restock-subscriptions",
                    headers=scene.store,
                    json={"variant_id": scene.sold_out, "email": f"u{i}@example.com"},
                )
            ).status_code
            for i in range(2)
        ]
    assert codes == [201, 201]
