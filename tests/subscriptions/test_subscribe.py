"""`POST /store/restock-subscriptions`: every check of the contract, in order."""

import asyncio
from typing import Any

import jwt
import pytest

from restock.db import Database
from restock.subscriptions.schemas import SubscriptionAnswer
from tests.conftest import serve
from tests.factories import Recorder, expect
from tests.subscriptions.conftest import ANSWER_KEYS, Scene

NO_CHANNEL = (
    "At least one sales channel ID is required, either associated with the "
    "publishable API key or in the request body."
)


async def test_guest_subscribes_once_whatever_the_case(scene: Scene, events: Recorder) -> None:
    body = {"variant_id": scene.sold_out, "email": "  Ann@Example.COM "}
    first = (await scene.subscribe(body))["restock_subscription"]
    assert first["id"].startswith("rsub_")
    assert {k: first[k] for k in ("variant_id", "sales_channel_id", "email", "customer_id")} == {
        "variant_id": scene.sold_out,
        "sales_channel_id": scene.channel["id"],
        "email": "Ann@example.com",
        "customer_id": None,
    }
    again = (await scene.subscribe({"variant_id": scene.sold_out, "email": "ann@example.com"}))[
        "restock_subscription"
    ]
    # A guest's answer is built from its request: a repeat looks like a new subscription and
    # says nothing of the stored one (its id, its time).
    assert set(again) == set(first) and again["id"] != first["id"]
    assert again["email"] == "ann@example.com" and again["customer_id"] is None
    assert again["created_at"] >= first["created_at"]
    [row] = await scene.rows()
    assert (row["id"], row["status"], row["notified_at"], row["cancelled_at"]) == (
        first["id"],
        "active",
        None,
        None,
    )
    await scene.shop.client.get("/health")
    assert events.of("restock-subscription.created") == [
        {"id": first["id"], "variant_id": scene.sold_out, "sales_channel_id": scene.channel["id"]}
    ]


async def test_a_customer_never_takes_over_someone_elses_address(scene: Scene) -> None:
    """Subscribing a foreign address while signed in makes a guest subscription of that address:
    the account neither sees it nor gets the stranger's existing one."""
    stranger = (await scene.subscribe({"variant_id": scene.sold_out, "email": "vic@example.com"}))[
        "restock_subscription"
    ]
    headers = await scene.customer("mallory@example.com")
    body = {"variant_id": scene.sold_out, "email": "VIC@example.com"}
    answer = (await scene.subscribe(body, headers=headers))["restock_subscription"]
    assert answer["customer_id"] is None
    [row] = await scene.rows()
    assert (row["id"], row["customer_id"]) == (stranger["id"], None)
    mine = await scene.shop.client.get("/store/restock-subscriptions", headers=headers)
    assert mine.json()["restock_subscriptions"] == []
    cancel = await scene.shop.client.delete(
        f"/store/restock-subscriptions/{stranger['id']}", headers=headers
    )
    assert cancel.status_code == 404
    assert (await scene.rows())[0]["status"] == "active"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Invalid request: Field 'variant_id' is required"),
        (
            {"variant_id": 123},
            "Invalid request: Expected type: 'string' for field 'variant_id', got: '123'",
        ),
        (
            {"variant_id": "v", "email": None},
            "Invalid request: Expected type: 'string' for field 'email', got: 'null'",
        ),
        ({"variant_id": "v", "foo": 1}, "Invalid request: Unrecognized fields: 'foo'"),
    ],
)
async def test_body_validation(scene: Scene, body: dict[str, Any], message: str) -> None:
    assert await scene.subscribe(body, code=400) == {"type": "invalid_data", "message": message}
    assert await scene.rows() == []


async def test_key_and_channel_checks_write_nothing(scene: Scene) -> None:
    body = {"variant_id": scene.sold_out, "email": "a@example.com"}
    missing = await scene.subscribe(body, code=400, headers={})
    assert missing["type"] == "not_allowed" and missing["message"].startswith(
        "Publishable API key required"
    )
    unknown = await scene.subscribe(body, code=400, headers={"x-publishable-api-key": "pk_no"})
    assert unknown["message"] == "A valid publishable key is required to proceed with the request"
    bare_key = await scene.shop.key()
    bare = {"x-publishable-api-key": bare_key["token"]}
    assert await scene.subscribe(body, code=400, headers=bare) == {
        "type": "invalid_data",
        "message": NO_CHANNEL,
    }
    other = await scene.shop.channel("Other")
    foreign = await scene.subscribe({**body, "sales_channel_id": other["id"]}, code=400)
    assert foreign["message"] == (
        f"Sales channel {other['id']} is not associated with the publishable API key"
    )
    revoked = await scene.shop.key([scene.channel["id"]])
    await scene.shop.post(f"/admin/api-keys/{revoked['id']}/revoke", {})
    gone = await scene.subscribe(
        body, code=400, headers={"x-publishable-api-key": revoked["token"]}
    )
    assert gone["type"] == "not_allowed"
    assert await scene.rows() == []


@pytest.mark.parametrize(
    "email",
    [
        "",
        "   ",
        "no-domain@",
        "nobody",
        "a b@example.com",
        "x" * 250 + "@example.com",
        "@example.com",
    ],
)
async def test_bad_emails_write_nothing(scene: Scene, email: str) -> None:
    answer = await scene.subscribe({"variant_id": scene.sold_out, "email": email}, code=400)
    assert answer["type"] == "invalid_data"
    assert await scene.rows() == []


async def test_idn_address_is_accepted_and_normalised(scene: Scene) -> None:
    made = await scene.subscribe({"variant_id": scene.sold_out, "email": "Zoë@BÜCHER.example"})
    assert made["restock_subscription"]["email"] == "Zoë@bücher.example"


async def test_guest_without_email_and_forged_tokens(scene: Scene, db: Database) -> None:
    no_email = await scene.subscribe({"variant_id": scene.sold_out}, code=400)
    assert no_email["message"] == (
        "An email is required: give one in the body or sign in as a customer"
    )
    forged = jwt.encode(
        {"actor_type": "customer", "actor_id": "cus_x", "auth_identity_id": "a"},
        "a-different-secret-of-thirty-two-bytes",
        algorithm="HS256",
    )
    expired = jwt.encode(
        {"actor_type": "customer", "actor_id": "cus_x", "auth_identity_id": "a", "exp": 1},
        db.settings.jwt_secret,
        algorithm="HS256",
    )
    for made_before, token in enumerate((forged, expired)):
        headers = {**scene.store, "authorization": f"Bearer {token}"}
        refused = await scene.subscribe({"variant_id": scene.sold_out}, code=400, headers=headers)
        assert refused["type"] == "invalid_data"
        assert len(await scene.rows()) == made_before
        made = await scene.subscribe(
            {"variant_id": scene.sold_out, "email": f"g{made_before}@x.io"}, headers=headers
        )
        assert made["restock_subscription"]["customer_id"] is None  # treated as a guest


async def test_variant_checks_write_nothing(scene: Scene) -> None:
    shop = scene.shop
    draft = await shop.product(
        [scene.channel["id"]],
        title="Draft",
        status="draft",
        options=[],
        variants=[{"title": "D", "prices": []}],
    )
    elsewhere = await shop.product(
        [], title="Elsewhere", options=[], variants=[{"title": "E", "prices": []}]
    )
    deleted = await shop.product(
        [scene.channel["id"]], title="Deleted", options=[], variants=[{"title": "X", "prices": []}]
    )
    await shop.delete(f"/admin/products/{deleted['id']}")
    for variant_id in (
        "variant_unknown",
        "",
        draft["variants"][0]["id"],
        elsewhere["variants"][0]["id"],
        deleted["variants"][0]["id"],
    ):
        answer = await scene.subscribe(
            {"variant_id": variant_id, "email": "a@example.com"}, code=404
        )
        assert answer == {
            "type": "not_found",
            "message": f"Variant with id: {variant_id} was not found",
        }
    assert await scene.rows() == []


async def test_stock_checks_write_nothing(scene: Scene) -> None:
    shop = scene.shop
    product = await shop.product(
        [scene.channel["id"]],
        title="Flags",
        options=[],
        variants=[
            {"title": "Unmanaged", "prices": [], "manage_inventory": False},
            {"title": "Backorder", "prices": [], "allow_backorder": True},
        ],
    )
    for variant_id in (scene.in_stock, *(v["id"] for v in product["variants"])):
        answer = await scene.subscribe(
            {"variant_id": variant_id, "email": "a@example.com"}, code=400
        )
        assert answer == {"type": "invalid_data", "message": "Variant isn't out of stock."}
    # A variant in stock in another channel only is out of stock here.
    other = await shop.channel("Other")
    depot = await shop.location("Depot", channels=[other["id"]])
    items = await shop.items_of(scene.product["id"])
    await shop.stock(items[scene.sold_out], depot["id"], 9)
    await scene.subscribe({"variant_id": scene.sold_out, "email": "a@example.com"})
    assert len(await scene.rows()) == 1


async def test_concurrent_identical_requests_create_one_row(scene: Scene, db: Database) -> None:
    body = {"variant_id": scene.sold_out, "email": "rush@example.com"}
    async with serve(db, rate_limits_enabled=False) as client:
        answers = await asyncio.gather(
            *(
                client.post("/store/restock-subscriptions", json=body, headers=scene.store)
                for _ in range(50)
            )
        )
    assert {a.status_code for a in answers} == {201}
    ids = {a.json()["restock_subscription"]["id"] for a in answers}
    [row] = await scene.rows()
    assert row["id"] in ids  # the one that stored it; the others were told nothing else


async def test_notified_or_cancelled_address_can_subscribe_again(scene: Scene) -> None:
    body = {"variant_id": scene.sold_out, "email": "again@example.com"}
    first = (await scene.subscribe(body))["restock_subscription"]
    await scene.shop.delete(f"/admin/restock-subscriptions/{first['id']}")
    second = (await scene.subscribe(body))["restock_subscription"]
    assert second["id"] != first["id"]
    statuses = {r["id"]: r["status"] for r in await scene.rows()}
    assert statuses == {first["id"]: "cancelled", second["id"]: "active"}


async def test_legacy_v1_route(scene: Scene) -> None:
    client = scene.shop.client
    path = f"/restock-notifications/variants/{scene.sold_out}"
    with_channel = await client.post(
        path, json={"email": "v1@example.com", "sales_channel_id": scene.channel["id"]}
    )
    made = expect(with_channel, 201)["restock_subscription"]
    assert made["sales_channel_id"] == scene.channel["id"]
    with_key = expect(
        await client.post(path, json={"email": "v1@example.com"}, headers=scene.store), 201
    )["restock_subscription"]
    assert with_key["id"] != made["id"]  # a repeat: answered from the request
    neither = await client.post(path, json={"email": "v1@example.com"})
    assert neither.json() == {"type": "invalid_data", "message": NO_CHANNEL}
    bad_key = await client.post(
        path, json={"email": "v1@example.com"}, headers={"x-publishable-api-key": "pk_wrong"}
    )
    assert (bad_key.status_code, bad_key.json()["type"]) == (400, "not_allowed")
    no_email = await client.post(path, json={"sales_channel_id": scene.channel["id"]})
    assert no_email.json()["message"] == "Invalid request: Field 'email' is required"
    in_stock = await client.post(
        f"/restock-notifications/variants/{scene.in_stock}",
        json={"email": "v1@example.com"},
        headers=scene.store,
    )
    assert in_stock.json() == {"type": "invalid_data", "message": "Variant isn't out of stock."}
    [row] = await scene.rows()
    assert row["id"] == made["id"]


async def test_the_subscribe_answer_is_the_documented_one(scene: Scene) -> None:
    """The subscribe routes render their answer without checking it again (the hot path):
    this checks it against the documented model, for a guest and on the v1 route."""
    answer = await scene.subscribe({"variant_id": scene.sold_out, "email": "doc@x.io"})
    SubscriptionAnswer.model_validate(answer, strict=True)
    legacy = await scene.shop.client.post(
        f"/restock-notifications/variants/{scene.sold_out}",
        json={"email": "doc2@x.io"},
        headers=scene.store,
    )
    SubscriptionAnswer.model_validate(expect(legacy, 201), strict=True)
    assert set(answer["restock_subscription"]) == ANSWER_KEYS
