"""The receiver of Medusa's events, the read-only catalog while it is mirrored, and how far
behind the mirror is (`/ready`, `/metrics`)."""

import json
import time

from restock.kit.signed import signature
from tests.conftest import serve
from tests.factories import expect, sample
from tests.medusa.conftest import HOOK_SECRET, Mirrored


def _signed(body: bytes, secret: str = HOOK_SECRET, age: int = 0) -> dict[str, str]:
    timestamp = str(int(time.time()) - age)
    return {
        "content-type": "application/json",
        "x-restock-timestamp": timestamp,
        "x-restock-signature": signature(secret, timestamp, body),
    }


async def test_a_hook_reads_what_it_names_at_once(mirrored: Mirrored) -> None:
    await mirrored.mirror.sync()
    mirrored.medusa.phase = "hook"  # Medusa after the changes: the boots are back
    mirrored.medusa.requests.clear()
    event = {
        "name": "inventory.inventory-level.updated",
        "inventory_item_ids": [mirrored.ids["items"]["boot"]],
        "product_ids": [mirrored.ids["products"]["tee"]],
    }
    body = json.dumps(event).encode()
    answer = await mirrored.client.post("/hooks/medusa", content=body, headers=_signed(body))
    assert expect(answer) == {"pulled": {"inventory_items": 1, "products": 1}}
    assert len(mirrored.medusa.requests) == 2
    levels = await mirrored.rows(
        "SELECT stocked_quantity FROM inventory_level WHERE inventory_item_id = :i "
        "AND location_id = :l",
        i=mirrored.ids["items"]["boot"],
        l=mirrored.ids["locations"]["berlin"],
    )
    assert levels == [(4,)]


async def test_a_hook_without_a_valid_signature_reads_nothing(mirrored: Mirrored) -> None:
    event = {"name": "product.updated", "product_ids": [mirrored.ids["products"]["tee"]]}
    body = json.dumps(event).encode()
    for headers in (
        {"content-type": "application/json"},
        _signed(body, secret="another-secret-entirely"),
        _signed(body, age=3600),
    ):
        answer = await mirrored.client.post("/hooks/medusa", content=body, headers=headers)
        assert expect(answer, 401)["type"] == "unauthorized"
    junk = b'{"name": 5}'
    assert (
        expect(
            await mirrored.client.post("/hooks/medusa", content=junk, headers=_signed(junk)), 400
        )["type"]
        == "invalid_data"
    )
    assert mirrored.medusa.requests == []
    assert await mirrored.rows("SELECT count(*) FROM product") == [(0,)]


async def test_the_hook_is_not_served_unconfigured(mirrored: Mirrored) -> None:
    async with serve(mirrored.db) as plain:
        body = b'{"name": "product.updated"}'
        answer = await plain.post("/hooks/medusa", content=body, headers=_signed(body))
        assert expect(answer, 404)["type"] == "not_found"


async def test_the_catalog_is_read_only_while_mirrored(mirrored: Mirrored) -> None:
    await mirrored.mirror.sync()
    shop = mirrored.shop
    product = mirrored.ids["products"]["tee"]
    refused = [
        await shop.client.post("/admin/products", json={"title": "New"}, headers=shop.admin),
        await shop.client.post(
            f"/admin/products/{product}", json={"title": "x"}, headers=shop.admin
        ),
        await shop.client.delete(f"/admin/products/{product}", headers=shop.admin),
        await shop.client.post("/admin/sales-channels", json={"name": "x"}, headers=shop.admin),
        await shop.client.post("/admin/stock-locations", json={"name": "x"}, headers=shop.admin),
        await shop.client.post(
            f"/admin/inventory-items/{mirrored.ids['items']['boot']}/location-levels/"
            f"{mirrored.ids['locations']['berlin']}",
            json={"stocked_quantity": 50},
            headers=shop.admin,
        ),
        await shop.client.post(
            "/admin/api-keys", json={"title": "x", "type": "publishable"}, headers=shop.admin
        ),
        await shop.client.post(
            f"/admin/api-keys/{mirrored.ids['keys']['shop']}/revoke", json={}, headers=shop.admin
        ),
    ]
    for answer in refused:
        assert answer.status_code == 409, answer.text
        assert answer.json() == {
            "type": "conflict",
            "message": "The catalog is managed by Medusa (RESTOCK_MEDUSA_URL): change it in the "
            "store",
        }
    assert await mirrored.rows("SELECT count(*) FROM product") == [(4,)]
    assert await mirrored.rows(
        "SELECT stocked_quantity FROM inventory_level WHERE inventory_item_id = :i "
        "AND location_id = :l",
        i=mirrored.ids["items"]["boot"],
        l=mirrored.ids["locations"]["berlin"],
    ) == [(0,)]
    assert await mirrored.rows("SELECT count(*) FROM api_key WHERE revoked_at IS NULL") == [(2,)]
    # Reads work, and Restock's own secret keys stay Restock's.
    assert (await shop.get(f"/admin/products/{product}"))["product"]["id"] == product
    secret = await shop.post("/admin/api-keys", {"title": "ops", "type": "secret"})
    assert secret["api_key"]["type"] == "secret"


async def test_ready_and_metrics_say_how_far_behind_the_mirror_is(mirrored: Mirrored) -> None:
    before = expect(await mirrored.client.get("/ready"))
    assert before == {"database": "ok", "medusa_lag_seconds": None}
    await mirrored.mirror.sync()
    after = expect(await mirrored.client.get("/ready"))
    assert 0 <= after["medusa_lag_seconds"] < 30
    text = (await mirrored.client.get("/metrics")).text
    assert 0 <= sample(text, "restock_medusa_lag_seconds") < 30
