"""What operators see: readiness, metrics, request and send logs, and the answer while the
database is away."""

import json
import logging

import httpx
import pytest
from sqlalchemy.engine import make_url

from restock.config import Settings
from restock.db import Database
from restock.logs import JsonFormatter
from tests.conftest import PG_URL, serve
from tests.factories import Shop, expect, sample
from tests.ports import free_port
from tests.subscriptions.conftest import make_scene
from tests.tcp_proxy import tcp_proxy


async def test_ready_when_the_database_answers(client: httpx.AsyncClient) -> None:
    assert expect(await client.get("/ready")) == {"database": "ok"}


async def test_not_ready_and_503_when_the_database_is_unreachable(
    db: Database, admin_token: str
) -> None:
    gone = Database(db.settings.model_copy(update={"database_url": _nowhere()}))
    try:
        async with serve(gone) as client:
            ready = await client.get("/ready")
            assert (ready.status_code, ready.json()) == (503, {"database": "unreachable"})
            listed = await client.get(
                "/admin/sales-channels", headers={"authorization": f"Bearer {admin_token}"}
            )
            assert listed.status_code == 503
            assert listed.json()["type"] == "unavailable"
            assert listed.headers["retry-after"] == "5"
    finally:
        await gone.dispose()


def _nowhere() -> str:
    return f"postgresql+asyncpg://nobody@127.0.0.1:{free_port()}/restock"


async def test_metrics_count_subscriptions_sends_and_requests(shop: Shop) -> None:
    scene = await make_scene(shop)
    before = (await shop.client.get("/metrics")).text
    await scene.subscribe({"variant_id": scene.sold_out, "email": "m@example.com"})
    await shop.stock(
        (await shop.items_of(scene.product["id"]))[scene.sold_out], scene.location["id"], 3
    )
    await shop.post("/admin/workflows-executions/send-restock-notifications/run", {"input": {}})
    pending = (await shop.client.get("/metrics")).text
    assert sample(pending, "restock_outbox_pending") == 1
    await shop.settle()
    after = (await shop.client.get("/metrics")).text

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("restock_subscriptions_total", change="created") == 1
    assert grew("restock_notifications_total", provider="log", outcome="sent") == 1
    assert grew("restock_notifications_total", provider="log", outcome="failed") == 0
    assert grew("restock_restock_to_send_seconds_count") == 1
    assert sample(after, "restock_outbox_pending") == 0
    created = dict(method="POST", route="/store/restock-subscriptions", status="201")
    assert grew("restock_http_requests_total", **created) == 1


async def test_one_json_line_per_request_without_the_unsubscribe_token(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="restock.http")
    token = "secret-token-value"
    await client.get(f"/unsubscribe/{token}")
    await client.get("/health")
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/unsubscribe/{token}", 404),
        ("GET", "/health", 200),
    ]
    assert lines[0]["logger"] == "restock.http" and lines[0]["ms"] >= 0
    assert token not in caplog.text


@pytest.mark.skipif(PG_URL is None, reason="needs RESTOCK_TEST_DATABASE_URL (CI sets it)")
@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
async def test_database_loss_is_503_then_recovers_without_restart(
    db: Database, admin_token: str
) -> None:
    url = make_url(db.settings.database_url)
    with tcp_proxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        proxied = url.set(host="127.0.0.1", port=proxy.port)
        through = Database(
            Settings(
                **{**db.settings.model_dump(), "database_url": proxied.render_as_string(False)}
            )
        )
        try:
            async with serve(through) as client:
                shop = Shop(client, admin_token)
                kept = await shop.channel("Kept")
                proxy.cut()
                down = await client.get("/admin/sales-channels", headers=shop.admin)
                assert (down.status_code, down.json()["type"]) == (503, "unavailable")
                assert (await client.get("/ready")).status_code == 503
                proxy.restore()
                assert expect(await client.get("/ready")) == {"database": "ok"}
                listed = await shop.get("/admin/sales-channels")
                assert [c["id"] for c in listed["sales_channels"]] == [kept["id"]]
        finally:
            await through.dispose()
