"""Input no column can hold, or no encoder can carry, is a 400 `invalid_data` naming where it
was, and nothing is written: never a 500."""

from typing import Any

import pytest

from restock.db import Database
from tests.factories import Shop, expect
from tests.subscriptions.conftest import Scene, make_scene

SURROGATE = b'"\\ud800@x.com"'


@pytest.fixture
async def scene(shop: Shop) -> Scene:
    return await make_scene(shop)


def _invalid(response: Any, message: str) -> None:
    assert response.status_code == 400, response.text
    assert response.json() == {"type": "invalid_data", "message": message}


async def test_a_lone_surrogate_in_a_body(scene: Scene) -> None:
    client = scene.shop.client
    for path in ("/auth/customer/emailpass", "/auth/customer/emailpass/register"):
        answer = await client.post(
            path,
            content=b'{"email": ' + SURROGATE + b', "password": "long-enough-1"}',
            headers={"content-type": "application/json"},
        )
        _invalid(
            answer, "Invalid request: Field 'email' contains a character that cannot be stored"
        )
    answer = await client.post(
        "/store/restock-subscriptions",
        content=b'{"variant_id": "' + scene.sold_out.encode() + b'", "email": ' + SURROGATE + b"}",
        headers={"content-type": "application/json", **scene.store},
    )
    _invalid(answer, "Invalid request: Field 'email' contains a character that cannot be stored")
    nested = await scene.shop.client.post(
        "/admin/sales-channels",
        content=b'{"name": "ok", "metadata": {"a": ["x", "\\udc00"]}}',
        headers={"content-type": "application/json", **scene.shop.admin},
    )
    _invalid(
        nested, "Invalid request: Field 'metadata, a, 1' contains a character that cannot be stored"
    )
    assert await scene.rows() == []
    assert (await scene.shop.get("/admin/sales-channels"))["count"] == 1  # the scene's own


async def test_a_nul_in_a_path_a_query_or_a_body(scene: Scene) -> None:
    client = scene.shop.client
    _invalid(
        await client.post("/restock-notifications/variants/a%00b", json={"email": "a@x.io"}),
        "Invalid request: the path contains a character that cannot be stored",
    )
    _invalid(
        await client.get("/admin/restock-subscriptions?email=a%00b", headers=scene.shop.admin),
        "Invalid request: query parameter 'email' contains a character that cannot be stored",
    )
    _invalid(
        await client.post("/auth/user/emailpass", json={"email": "a\x00@x.io", "password": "p"}),
        "Invalid request: Field 'email' contains a character that cannot be stored",
    )
    _invalid(
        await client.post(
            "/admin/sales-channels", json={"name": "a\x00"}, headers=scene.shop.admin
        ),
        "Invalid request: Field 'name' contains a character that cannot be stored",
    )
    assert await scene.rows() == []


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_non_ascii_unsubscribe_token_is_not_found(scene: Scene, method: str) -> None:
    answer = await scene.shop.client.request(method, "/unsubscribe/.%C3%A9")
    assert answer.status_code == 404
    assert "This link is not valid" in answer.text  # a page: a person clicked it
    assert answer.headers["content-type"].startswith("text/html")


async def test_numbers_no_column_or_encoder_takes(shop: Shop, db: Database) -> None:
    channel, location, _ = await shop.storefront()
    item = await shop.item("BIG")
    huge_offset = await shop.client.get(
        "/admin/sales-channels", params={"offset": 2**63}, headers=shop.admin
    )
    assert huge_offset.status_code == 400
    assert huge_offset.json()["type"] == "invalid_data"
    levels = f"/admin/inventory-items/{item['id']}/location-levels"
    too_many = await shop.post(
        levels, {"location_id": location["id"], "stocked_quantity": 2**31}, code=400
    )
    assert too_many["message"] == (
        "Invalid request: Value for field 'stocked_quantity' too big, expected at most: "
        "'2147483647'"
    )
    await shop.post(levels, {"location_id": location["id"], "stocked_quantity": 1})
    reservation = {"location_id": location["id"], "inventory_item_id": item["id"]}
    await shop.post("/admin/reservations", {**reservation, "quantity": 2**40}, code=400)
    key = await shop.key([], type="secret")
    revoke = await shop.post(f"/admin/api-keys/{key['id']}/revoke", {"revoke_in": 10**20}, code=400)
    assert "revoke_in" in revoke["message"]
    wide = await shop.post(
        "/admin/sales-channels", {"name": "w", "metadata": {"n": 2**70}}, code=400
    )
    assert (
        wide["message"]
        == "Invalid request: Metadata numbers must fit in 64 bits for field 'metadata'"
    )
    # 1e20 is a float here, but a JSONB column gives it back as an integer no encoder takes.
    await shop.post("/admin/sales-channels", {"name": "f", "metadata": {"n": 1e20}}, code=400)
    deep: Any = "leaf"
    for _ in range(300):
        deep = {"d": deep}
    nested = await shop.post("/admin/sales-channels", {"name": "d", "metadata": deep}, code=400)
    assert "nest at most 16 levels" in nested["message"]
    not_a_number = await shop.client.post(
        "/admin/products",
        content=b'{"title": "T", "options": [{"title": "S", "values": ["a"]}], "variants": '
        b'[{"title": "a", "options": {"S": "a"}, "prices": [{"currency_code": "eur", '
        b'"amount": NaN}]}]}',
        headers={"content-type": "application/json", **shop.admin},
    )
    assert not_a_number.status_code == 400
    item_now = expect(
        await shop.client.get(f"/admin/inventory-items/{item['id']}", headers=shop.admin)
    )
    assert item_now["inventory_item"]["stocked_quantity"] == 1
    assert item_now["inventory_item"]["reserved_quantity"] == 0
    assert (await shop.get("/admin/sales-channels"))["count"] == 1
    assert (await shop.get("/admin/products"))["count"] == 0
