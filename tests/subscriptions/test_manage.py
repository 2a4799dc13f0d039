"""Customers manage their own subscriptions; admins see and cancel any."""

from tests.factories import Recorder
from tests.subscriptions.conftest import Scene

UNAUTHORIZED = {"type": "unauthorized", "message": "Unauthorized"}


async def test_customer_lists_and_cancels_only_its_own(scene: Scene, events: Recorder) -> None:
    client = scene.shop.client
    ann = await scene.customer("ann@example.com")
    bob = await scene.customer("bob@example.com")
    mine = (await scene.subscribe({"variant_id": scene.sold_out}, headers=ann))[
        "restock_subscription"
    ]
    theirs = (await scene.subscribe({"variant_id": scene.sold_out}, headers=bob))[
        "restock_subscription"
    ]
    listed = (await client.get("/store/restock-subscriptions", headers=ann)).json()
    assert listed["count"] == 1
    [entry] = listed["restock_subscriptions"]
    assert entry["id"] == mine["id"]
    variant = entry["product_variant"]
    assert (variant["id"], variant["title"], variant["product"]["title"]) == (
        scene.sold_out,
        "M",
        "Shirt",
    )
    assert variant["options"][0]["value"] == "M"

    stranger = await client.delete(f"/store/restock-subscriptions/{theirs['id']}", headers=ann)
    assert stranger.status_code == 404
    assert (
        stranger.json()["message"] == f"Restock subscription with id: {theirs['id']} was not found"
    )
    assert {r["id"]: r["status"] for r in await scene.rows()}[theirs["id"]] == "active"

    cancelled = await client.delete(f"/store/restock-subscriptions/{mine['id']}", headers=ann)
    assert cancelled.json() == {"id": mine["id"], "object": "restock_subscription", "deleted": True}
    assert (await client.get("/store/restock-subscriptions", headers=ann)).json()["count"] == 0
    again = await client.delete(f"/store/restock-subscriptions/{mine['id']}", headers=ann)
    assert again.status_code == 404
    [row] = await scene.rows(status="cancelled")
    assert row["id"] == mine["id"] and row["cancelled_at"] is not None
    await client.get("/health")
    assert events.of("restock-subscription.deleted") == [{"id": mine["id"]}]


async def test_customer_routes_need_a_signed_in_customer(scene: Scene) -> None:
    client = scene.shop.client
    made = (await scene.subscribe({"variant_id": scene.sold_out, "email": "g@example.com"}))[
        "restock_subscription"
    ]
    for headers in (scene.store, {**scene.store, **scene.shop.admin}):
        listed = await client.get("/store/restock-subscriptions", headers=headers)
        assert (listed.status_code, listed.json()) == (401, UNAUTHORIZED)
        gone = await client.delete(f"/store/restock-subscriptions/{made['id']}", headers=headers)
        assert (gone.status_code, gone.json()) == (401, UNAUTHORIZED)
    assert (await scene.rows())[0]["status"] == "active"


async def test_admin_lists_filters_and_cancels(scene: Scene) -> None:
    shop = scene.shop
    hat = await shop.product(
        [scene.channel["id"]], title="Hat", options=[], variants=[{"title": "Hat", "prices": []}]
    )
    hat_id = hat["variants"][0]["id"]
    a = (await scene.subscribe({"variant_id": scene.sold_out, "email": "a@example.com"}))[
        "restock_subscription"
    ]
    b = (await scene.subscribe({"variant_id": hat_id, "email": "B@Example.com"}))[
        "restock_subscription"
    ]
    assert [r["id"] for r in await scene.rows()] == [b["id"], a["id"]]  # newest first
    assert [r["id"] for r in await scene.rows(variant_id=hat_id)] == [b["id"]]
    assert [r["id"] for r in await scene.rows(email="b@example.com")] == [b["id"]]
    assert len(await scene.rows(sales_channel_id=scene.channel["id"])) == 2
    page = await shop.get("/admin/restock-subscriptions", limit=1, offset=1)
    assert (page["count"], [r["id"] for r in page["restock_subscriptions"]]) == (2, [a["id"]])
    assert "product_variant" not in (await scene.rows())[0]
    expanded = await scene.rows(fields="*product_variant")
    assert expanded[0]["product_variant"]["id"] == hat_id

    assert await shop.delete(f"/admin/restock-subscriptions/{a['id']}") == {
        "id": a["id"],
        "object": "restock_subscription",
        "deleted": True,
    }
    twice = await shop.delete(f"/admin/restock-subscriptions/{a['id']}", code=400)
    assert twice == {
        "type": "not_allowed",
        "message": f"Restock subscription {a['id']} is already cancelled",
    }
    await shop.delete("/admin/restock-subscriptions/rsub_missing", code=404)
    assert [r["id"] for r in await scene.rows(status="active")] == [b["id"]]
    bad = await shop.get("/admin/restock-subscriptions", code=400, status="gone")
    assert bad["type"] == "invalid_data"


async def test_deleting_a_variant_or_product_closes_its_subscriptions(scene: Scene) -> None:
    shop = scene.shop
    await scene.subscribe({"variant_id": scene.sold_out, "email": "gone@example.com"})
    hat = await shop.product(
        [scene.channel["id"]], title="Hat", options=[], variants=[{"title": "Hat", "prices": []}]
    )
    await scene.subscribe({"variant_id": hat["variants"][0]["id"], "email": "gone@example.com"})
    await shop.delete(f"/admin/products/{scene.product['id']}/variants/{scene.sold_out}")
    await shop.delete(f"/admin/products/{hat['id']}")
    await shop.settle()
    rows = await scene.rows()
    assert [(r["status"], r["cancelled_at"] is not None) for r in rows] == [
        ("cancelled", True),
        ("cancelled", True),
    ]
