from tests.factories import Recorder, Shop

ABSENT = "sloc_01ABSENTABSENTABSENTABSENT"


async def test_crud_and_channel_links(shop: Shop, events: Recorder) -> None:
    web = await shop.channel("Web")
    floor = await shop.channel("Floor")
    created = await shop.location("  Main  ", address={"address_1": "1 Road", "country_code": "de"})
    assert created["name"] == "Main" and created["id"].startswith("sloc_")
    assert created["address"]["country_code"] == "de" and created["sales_channels"] == []
    path = f"/admin/stock-locations/{created['id']}"
    linked = await shop.post(f"{path}/sales-channels", {"add": [web["id"], floor["id"]]})
    assert sorted(c["name"] for c in linked["stock_location"]["sales_channels"]) == ["Floor", "Web"]
    unlinked = await shop.post(f"{path}/sales-channels", {"remove": [floor["id"]]})
    assert unlinked["stock_location"]["sales_channels"] == [{"id": web["id"], "name": "Web"}]
    renamed = await shop.post(path, {"name": "Central", "metadata": {"x": 1}})
    assert (renamed["stock_location"]["name"], renamed["stock_location"]["metadata"]) == (
        "Central",
        {"x": 1},
    )
    listed = await shop.get("/admin/stock-locations")
    assert (
        listed["count"] == 1
        and listed["stock_locations"][0]["sales_channels"][0]["id"] == web["id"]
    )
    assert (await shop.get(path))["stock_location"]["name"] == "Central"
    assert await shop.delete(path) == {
        "id": created["id"],
        "object": "stock_location",
        "deleted": True,
    }
    await shop.get(path, code=404)
    await shop.client.get("/health")
    changed = events.of("stock-location.updated")
    assert changed[0] == {
        "id": created["id"],
        "sales_channels_added": [web["id"], floor["id"]],
        "sales_channels_removed": [],
    }


async def test_errors_write_nothing(shop: Shop) -> None:
    missing = await shop.get(f"/admin/stock-locations/{ABSENT}", code=404)
    assert missing["type"] == "not_found"
    blank = await shop.post("/admin/stock-locations", {"name": "   "}, code=400)
    assert blank["message"] == "Invalid request: Name cannot be empty for field 'name'"
    bad_address = await shop.post(
        "/admin/stock-locations", {"name": "x", "address": {"city": "Berlin"}}, code=400
    )
    assert bad_address["message"] == (
        "Invalid request: Field 'address, address_1' is required; "
        "Field 'address, country_code' is required"
    )
    location = await shop.location()
    unknown = await shop.post(
        f"/admin/stock-locations/{location['id']}/sales-channels", {"add": ["sc_nope"]}, code=400
    )
    assert unknown == {
        "type": "invalid_data",
        "message": "Sales channels with IDs sc_nope do not exist",
    }
    await shop.post(f"/admin/stock-locations/{ABSENT}/sales-channels", {"add": []}, code=404)
    fresh = await shop.get(f"/admin/stock-locations/{location['id']}")
    assert fresh["stock_location"]["sales_channels"] == []
    assert (await shop.get("/admin/stock-locations"))["count"] == 1
