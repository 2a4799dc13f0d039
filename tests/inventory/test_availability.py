"""The availability function on its own: one statement answers many (variant, channel) pairs."""

from restock.db import Database
from restock.inventory.availability import availability
from tests.factories import Shop, statements


async def _availability(
    db: Database, pairs: list[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, bool]]:
    with statements(db) as run:
        async with db.transaction() as session:
            found = await availability(session, pairs)
    assert len(run) == 1, "availability must be one statement, whatever the pair count"
    return {pair: (a.quantity, a.in_stock) for pair, a in found.items()}


async def test_channels_locations_reservations_kits_and_flags(shop: Shop, db: Database) -> None:
    web, floor = await shop.channel("Web"), await shop.channel("Floor")
    north = await shop.location("North", channels=[web["id"]])
    south = await shop.location("South", channels=[web["id"], floor["id"]])
    shop_floor = await shop.location("Floor stock", channels=[floor["id"]])
    bolt, nut = await shop.item("BOLT"), await shop.item("NUT")
    product = await shop.product(
        options=[],
        variants=[
            {"title": "Plain", "prices": []},
            {
                "title": "Kit",
                "prices": [],
                "inventory_items": [
                    {"inventory_item_id": bolt["id"], "required_quantity": 2},
                    {"inventory_item_id": nut["id"], "required_quantity": 3},
                ],
            },
            {"title": "Unmanaged", "prices": [], "manage_inventory": False},
            {"title": "Backorder", "prices": [], "allow_backorder": True},
        ],
    )
    plain, kit, unmanaged, backorder = (v["id"] for v in product["variants"])
    plain_item = (await shop.items_of(product["id"]))[plain]
    await shop.stock(plain_item, north["id"], 4)
    await shop.stock(plain_item, south["id"], 3)
    await shop.stock(plain_item, shop_floor["id"], 50)  # the floor's own stock: not the web's
    await shop.post(
        "/admin/reservations",
        {"location_id": south["id"], "inventory_item_id": plain_item, "quantity": 2},
    )
    await shop.stock(bolt["id"], north["id"], 9)  # 9 // 2 = 4 kits' worth of bolts for web
    await shop.stock(nut["id"], south["id"], 7)  # 7 // 3 = 2 kits' worth of nuts
    lonely = await shop.channel("No locations")
    await shop.settle()

    found = await _availability(
        db,
        [
            (plain, web["id"]),
            (plain, floor["id"]),
            (kit, web["id"]),
            (kit, floor["id"]),
            (unmanaged, web["id"]),
            (backorder, web["id"]),
            (plain, lonely["id"]),
            ("variant_missing", web["id"]),
        ],
    )
    assert found == {
        (plain, web["id"]): (4 + 3 - 2, True),
        (plain, floor["id"]): (3 - 2 + 50, True),
        (kit, web["id"]): (2, True),
        (kit, floor["id"]): (0, False),  # the floor sees the nuts but none of the bolts
        (unmanaged, web["id"]): (0, True),
        (backorder, web["id"]): (0, True),
        (plain, lonely["id"]): (0, False),
    }


async def test_negative_availability_floors_and_250_pairs_in_one_statement(
    shop: Shop, db: Database
) -> None:
    channel, location, _ = await shop.storefront()
    kit_part = await shop.item("PART")
    product = await shop.product(
        options=[],
        variants=[
            {
                "title": "Kit",
                "prices": [],
                "inventory_items": [{"inventory_item_id": kit_part["id"], "required_quantity": 2}],
            }
        ],
    )
    kit = product["variants"][0]["id"]
    await shop.stock(kit_part["id"], location["id"], 3)
    await shop.post(
        "/admin/reservations",
        {"location_id": location["id"], "inventory_item_id": kit_part["id"], "quantity": 3},
    )
    await shop.stock(kit_part["id"], location["id"], 0)  # 0 stocked, 3 reserved: -3 units
    await shop.settle()
    pairs = [(kit, channel["id"])] + [(f"variant_{i}", channel["id"]) for i in range(249)]
    assert await _availability(db, pairs) == {(kit, channel["id"]): (-2, False)}
