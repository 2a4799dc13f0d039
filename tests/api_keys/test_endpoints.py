from typing import Any

import httpx

from restock.db import Database
from tests.factories import Recorder, Shop

ABSENT = "apk_01ABSENTABSENTABSENTABSENT"
NEED_KEY = (
    "Publishable API key required in the request header: x-publishable-api-key. "
    "You can manage your keys in settings in the dashboard."
)
INVALID_KEY = "A valid publishable key is required to proceed with the request"


async def _store_status(client: httpx.AsyncClient, token: str | None) -> tuple[int, dict[str, Any]]:
    headers = {"x-publishable-api-key": token} if token is not None else {}
    response = await client.get("/store/products", headers=headers)
    return response.status_code, response.json()


async def test_publishable_key_lifecycle(shop: Shop, events: Recorder) -> None:
    channel = await shop.channel()
    key = await shop.key()
    assert key["token"].startswith("pk_") and len(key["token"]) == 67
    assert key["type"] == "publishable" and key["revoked_at"] is None
    path = f"/admin/api-keys/{key['id']}"
    linked = await shop.post(f"{path}/sales-channels", {"add": [channel["id"]]})
    assert linked["api_key"]["sales_channels"] == [{"id": channel["id"], "name": "Webshop"}]
    assert (await shop.get(path))["api_key"]["token"] == key["token"]
    assert (await shop.post(path, {"title": "shop"}))["api_key"]["title"] == "shop"
    assert (await shop.get("/admin/api-keys", type="secret"))["count"] == 0
    assert (await shop.get("/admin/api-keys", type="publishable"))["count"] == 1
    assert (await _store_status(shop.client, key["token"]))[0] == 200

    not_revoked = await shop.delete(path, code=400)
    assert not_revoked == {
        "type": "not_allowed",
        "message": f"Cannot delete api keys that are not revoked - {key['id']}",
    }
    revoked = (await shop.post(f"{path}/revoke", {}))["api_key"]
    assert revoked["revoked_at"] is not None and revoked["revoked_by"].startswith("user_")
    assert await _store_status(shop.client, key["token"]) == (
        400,
        {"type": "not_allowed", "message": INVALID_KEY},
    )
    twice = await shop.post(f"{path}/revoke", {}, code=400)
    assert twice["type"] == "not_allowed"
    assert await shop.delete(path) == {"id": key["id"], "object": "api_key", "deleted": True}
    await shop.get(path, code=404)
    await shop.client.get("/health")
    assert "api-key.revoked" in events.names() and "api-key.deleted" in events.names()


async def test_future_revocation_keeps_the_key_valid(shop: Shop) -> None:
    key = await shop.key()
    later = (await shop.post(f"/admin/api-keys/{key['id']}/revoke", {"revoke_in": 3600}))["api_key"]
    assert later["revoked_at"] is not None
    assert (await _store_status(shop.client, key["token"]))[0] == 200


async def test_store_key_checks(shop: Shop) -> None:
    secret = await shop.key(type="secret")
    assert await _store_status(shop.client, None) == (
        400,
        {"type": "not_allowed", "message": NEED_KEY},
    )
    assert await _store_status(shop.client, "") == (
        400,
        {"type": "not_allowed", "message": NEED_KEY},
    )
    for token in ("pk_unknown", secret["token"]):
        assert await _store_status(shop.client, token) == (
            400,
            {"type": "not_allowed", "message": INVALID_KEY},
        )


async def test_errors_write_nothing(shop: Shop) -> None:
    bad_type = await shop.post("/admin/api-keys", {"title": "x", "type": "public"}, code=400)
    assert bad_type["message"] == (
        "Invalid request: Expected: 'publishable, secret' for field 'type', but got: 'public'"
    )
    secret = await shop.key(type="secret")
    channel = await shop.channel()
    refused = await shop.post(
        f"/admin/api-keys/{secret['id']}/sales-channels", {"add": [channel["id"]]}, code=400
    )
    assert refused["message"] == "Sales channels can only be associated with publishable API keys"
    key = await shop.key()
    unknown = await shop.post(
        f"/admin/api-keys/{key['id']}/sales-channels",
        {"add": [channel["id"], "sc_missing"]},
        code=400,
    )
    assert unknown["message"] == "Sales channels with IDs sc_missing do not exist"
    assert (await shop.get(f"/admin/api-keys/{key['id']}"))["api_key"]["sales_channels"] == []
    negative = await shop.post(f"/admin/api-keys/{key['id']}/revoke", {"revoke_in": -1}, code=400)
    assert negative["type"] == "invalid_data"
    assert (await shop.get(f"/admin/api-keys/{key['id']}"))["api_key"]["revoked_at"] is None
    for call in (
        shop.get(f"/admin/api-keys/{ABSENT}", code=404),
        shop.post(f"/admin/api-keys/{ABSENT}/revoke", {}, code=404),
        shop.delete(f"/admin/api-keys/{ABSENT}", code=404),
    ):
        assert (await call)["type"] == "not_found"
    assert (await shop.get("/admin/api-keys"))["count"] == 2


async def test_revocation_by_another_process_applies_within_the_cache_time(
    shop: Shop, db: Database
) -> None:
    import asyncio

    from sqlalchemy import update

    from restock.kit.time import utcnow
    from restock.models import ApiKey
    from tests.conftest import serve

    channel = await shop.channel()
    key = await shop.key([channel["id"]])
    headers = {"x-publishable-api-key": key["token"]}

    async def revoke_elsewhere() -> None:  # as another API process would: not through this one
        async with db.transaction() as session:
            await session.execute(
                update(ApiKey).where(ApiKey.id == key["id"]).values(revoked_at=utcnow())
            )

    async with serve(db, api_key_cache_seconds=0.5) as cached:
        assert (await cached.get("/store/products", headers=headers)).status_code == 200
        await revoke_elsewhere()
        assert (await cached.get("/store/products", headers=headers)).status_code == 200
        await asyncio.sleep(0.6)
        assert (await cached.get("/store/products", headers=headers)).status_code == 400

    other = await shop.key([channel["id"]])
    key = other
    headers = {"x-publishable-api-key": other["token"]}
    async with serve(db, api_key_cache_seconds=0) as uncached:
        assert (await uncached.get("/store/products", headers=headers)).status_code == 200
        await revoke_elsewhere()
        assert (await uncached.get("/store/products", headers=headers)).status_code == 400
