from tests.factories import Recorder, Shop

ABSENT_ITEM = "iitem_01ABSENTABSENTABSENTABSEN"


async def test_items_and_levels(shop: Shop, events: Recorder) -> None:
    location = await shop.location()
    item = await shop.item("SKU-1", title="Bolt")
    assert item["id"].startswith("iitem_") and item["location_levels"] == []
    path = f"/admin/inventory-items/{item['id']}"
    created = await shop.post(
        f"{path}/location-levels", {"location_id": location["id"], "stocked_quantity": 5}
    )
    [level] = created["inventory_item"]["location_levels"]
    assert level["id"].startswith("ilev_")
    assert {
        k: level[k]
        for k in (
            "stocked_quantity",
            "reserved_quantity",
            "incoming_quantity",
            "available_quantity",
        )
    } == {
        "stocked_quantity": 5,
        "reserved_quantity": 0,
        "incoming_quantity": 0,
        "available_quantity": 5,
    }
    updated = await shop.post(
        f"{path}/location-levels/{location['id']}", {"stocked_quantity": 9, "incoming_quantity": 3}
    )
    assert updated["inventory_item"]["location_levels"][0]["stocked_quantity"] == 9
    assert updated["inventory_item"]["stocked_quantity"] == 9
    renamed = await shop.post(path, {"title": "Hex bolt", "sku": "SKU-2"})
    assert (renamed["inventory_item"]["title"], renamed["inventory_item"]["sku"]) == (
        "Hex bolt",
        "SKU-2",
    )
    assert (await shop.get("/admin/inventory-items", sku="SKU-2"))["count"] == 1
    assert (await shop.get("/admin/inventory-items", q="hex"))["count"] == 1
    assert "location_levels" not in (await shop.get("/admin/inventory-items"))["inventory_items"][0]
    with_levels = await shop.get("/admin/inventory-items", fields="*location_levels")
    assert len(with_levels["inventory_items"][0]["location_levels"]) == 1
    removed = await shop.delete(f"{path}/location-levels/{location['id']}")
    assert (removed["object"], removed["deleted"]) == ("inventory-level", True)
    assert removed["parent"]["location_levels"] == []
    assert await shop.delete(path) == {
        "id": item["id"],
        "object": "inventory_item",
        "deleted": True,
    }
    await shop.client.get("/health")
    assert events.of("inventory-level.updated") == [
        {"id": level["id"], "inventory_item_id": item["id"], "location_id": location["id"]}
    ]


async def test_item_and_level_errors_write_nothing(shop: Shop) -> None:
    location = await shop.location()
    item = await shop.item("SKU-1")
    path = f"/admin/inventory-items/{item['id']}"
    dup = await shop.post("/admin/inventory-items", {"sku": "SKU-1"}, code=422)
    assert dup["message"] == "Inventory item with sku: SKU-1, already exists."
    negative = await shop.post(
        f"{path}/location-levels", {"location_id": location["id"], "stocked_quantity": -1}, code=400
    )
    assert negative["message"] == (
        "Invalid request: Value for field 'stocked_quantity' too small, expected at least: '0'"
    )
    unknown_location = await shop.post(
        f"{path}/location-levels", {"location_id": "sloc_x"}, code=404
    )
    assert unknown_location["message"] == "Stock locations with ids: sloc_x was not found"
    not_stocked = await shop.post(
        f"{path}/location-levels/{location['id']}", {"stocked_quantity": 1}, code=404
    )
    assert (
        not_stocked["message"] == f"Item {item['id']} is not stocked at location {location['id']}"
    )
    await shop.delete(f"{path}/location-levels/{location['id']}", code=404)
    await shop.post(
        f"/admin/inventory-items/{ABSENT_ITEM}/location-levels",
        {"location_id": location["id"]},
        code=404,
    )
    await shop.post(
        f"{path}/location-levels", {"location_id": location["id"], "stocked_quantity": 1}
    )
    twice = await shop.post(f"{path}/location-levels", {"location_id": location["id"]}, code=422)
    assert twice["type"] == "duplicate_error"
    strict = await shop.post(
        f"{path}/location-levels/{location['id']}",
        {"stocked_quantity": 2, "reserved_quantity": 5},
        code=400,
    )
    assert strict["message"] == "Invalid request: Unrecognized fields: 'reserved_quantity'"
    [level] = (await shop.get(path))["inventory_item"]["location_levels"]
    assert (level["stocked_quantity"], level["reserved_quantity"]) == (1, 0)
    await shop.get(f"/admin/inventory-items/{ABSENT_ITEM}", code=404)
    await shop.delete(f"/admin/inventory-items/{ABSENT_ITEM}", code=404)


async def test_reservations(shop: Shop, events: Recorder) -> None:
    location = await shop.location()
    item = await shop.item("SKU-1")
    await shop.stock(item["id"], location["id"], 5)
    body = {"location_id": location["id"], "inventory_item_id": item["id"], "quantity": 3}
    reservation = (await shop.post("/admin/reservations", body))["reservation"]
    assert reservation["id"].startswith("resitem_") and reservation["quantity"] == 3
    path = f"/admin/inventory-items/{item['id']}"
    [level] = (await shop.get(path))["inventory_item"]["location_levels"]
    assert (level["reserved_quantity"], level["available_quantity"]) == (3, 2)
    too_many = await shop.post("/admin/reservations", body, code=400)
    assert too_many == {
        "type": "not_allowed",
        "message": f"Not enough stock available for item {item['id']} at location {location['id']}",
    }
    busy = await shop.delete(f"{path}/location-levels/{location['id']}", code=400)
    assert busy["type"] == "not_allowed"
    released = await shop.delete(f"/admin/reservations/{reservation['id']}")
    assert released == {"id": reservation["id"], "object": "reservation", "deleted": True}
    [level] = (await shop.get(path))["inventory_item"]["location_levels"]
    assert (level["reserved_quantity"], level["available_quantity"]) == (0, 5)
    await shop.delete(f"/admin/reservations/{reservation['id']}", code=404)
    await shop.client.get("/health")
    assert events.names().count("reservation-item.created") == 1
    assert events.of("reservation-item.deleted") == [
        {"id": reservation["id"], "inventory_item_id": item["id"], "location_id": location["id"]}
    ]


async def test_reservation_errors_write_nothing(shop: Shop) -> None:
    location = await shop.location()
    item = await shop.item("SKU-1")
    base = {"location_id": location["id"], "inventory_item_id": item["id"], "quantity": 1}
    no_level = await shop.post("/admin/reservations", base, code=404)
    assert no_level["message"] == f"Item {item['id']} is not stocked at location {location['id']}"
    await shop.post("/admin/reservations", {**base, "inventory_item_id": ABSENT_ITEM}, code=404)
    await shop.post("/admin/reservations", {**base, "location_id": "sloc_x"}, code=404)
    zero = await shop.post("/admin/reservations", {**base, "quantity": 0}, code=400)
    assert (
        zero["message"]
        == "Invalid request: Value for field 'quantity' too small, expected at least: '1'"
    )
    await shop.stock(item["id"], location["id"], 1)
    [level] = (await shop.get(f"/admin/inventory-items/{item['id']}"))["inventory_item"][
        "location_levels"
    ]
    assert level["reserved_quantity"] == 0
