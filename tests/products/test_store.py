from tests.factories import Shop, expect


async def test_store_lists_published_products_of_the_keys_channel_with_quantities(
    shop: Shop,
) -> None:
    channel, location, store = await shop.storefront()
    elsewhere = await shop.channel("Elsewhere")
    shirt = await shop.product(
        [channel["id"]],
        variants=[
            {"title": "S", "options": {"Size": "S"}, "prices": []},
            {"title": "M", "options": {"Size": "M"}, "prices": [], "manage_inventory": False},
        ],
    )
    await shop.product([channel["id"]], title="Draft", status="draft")
    await shop.product([elsewhere["id"]], title="Foreign")
    items = await shop.items_of(shirt["id"])
    await shop.stock(items[shirt["variants"][0]["id"]], location["id"], 7)

    listed = expect(await shop.client.get("/store/products", headers=store))
    assert listed["count"] == 1 and listed["products"][0]["id"] == shirt["id"]
    small, medium = listed["products"][0]["variants"]
    assert small["inventory_quantity"] == 7
    assert "inventory_quantity" not in medium  # unmanaged: nothing to count, as Medusa
    assert "prices" not in small and "sales_channels" not in listed["products"][0]
    one = expect(await shop.client.get(f"/store/products/{shirt['id']}", headers=store))
    assert one["product"]["variants"][0]["inventory_quantity"] == 7
    for hidden in (
        await shop.get("/admin/products", q="Draft"),
        await shop.get("/admin/products", q="Foreign"),
    ):
        pid = hidden["products"][0]["id"]
        missing = await shop.client.get(f"/store/products/{pid}", headers=store)
        assert missing.status_code == 404


async def test_store_channel_choice_with_a_key_of_two_channels(shop: Shop) -> None:
    web, floor = await shop.channel("Web"), await shop.channel("Floor")
    web_stock = await shop.location("Web stock", channels=[web["id"]])
    key = await shop.key([web["id"], floor["id"]])
    store = {"x-publishable-api-key": key["token"]}
    product = await shop.product([web["id"], floor["id"]])
    items = await shop.items_of(product["id"])
    await shop.stock(items[product["variants"][0]["id"]], web_stock["id"], 2)

    ambiguous = expect(await shop.client.get("/store/products", headers=store))
    assert "inventory_quantity" not in ambiguous["products"][0]["variants"][0]
    asked = await shop.client.get(
        "/store/products", headers=store, params={"fields": "+variants.inventory_quantity"}
    )
    assert asked.status_code == 400 and asked.json()["message"].startswith(
        "Inventory availability cannot be calculated in the given context"
    )
    for channel, expected in ((web, 2), (floor, 0)):
        chosen = expect(
            await shop.client.get(
                "/store/products", headers=store, params={"sales_channel_id": channel["id"]}
            )
        )
        assert chosen["products"][0]["variants"][0]["inventory_quantity"] == expected
    outside = await shop.client.get(
        "/store/products", headers=store, params={"sales_channel_id": "sc_other"}
    )
    assert outside.status_code == 400 and outside.json()["type"] == "invalid_data"
