from typing import Any

from tests.factories import Recorder, Shop

ABSENT = "prod_01ABSENTABSENTABSENTABSENT"


async def test_create_product_with_variants_options_prices_channels(
    shop: Shop, events: Recorder
) -> None:
    channel = await shop.channel()
    product = await shop.product([channel["id"]], title="Blue Shirt")
    assert product["id"].startswith("prod_") and product["handle"] == "blue-shirt"
    assert product["status"] == "published"
    assert product["sales_channels"] == [{"id": channel["id"], "name": "Webshop"}]
    [size] = product["options"]
    assert size["id"].startswith("popt_") and [v["value"] for v in size["values"]] == ["S", "M"]
    small, medium = product["variants"]
    assert small["id"].startswith("variant_") and small["title"] == "S"
    assert (small["manage_inventory"], small["allow_backorder"]) == (True, False)
    assert small["options"][0]["value"] == "S" and small["options"][0]["option"]["title"] == "Size"
    assert [(p["currency_code"], p["amount"]) for p in small["prices"]] == [("eur", 10.0)]
    assert medium["prices"] == [] and "inventory_items" not in small
    # Each managed variant got its own inventory item, required once, with no levels.
    items = await shop.items_of(product["id"])
    assert set(items) == {small["id"], medium["id"]}
    item = (await shop.get(f"/admin/inventory-items/{items[small['id']]}"))["inventory_item"]
    assert (item["title"], item["location_levels"]) == ("S", [])
    await shop.client.get("/health")
    assert events.names().count("product-variant.created") == 2
    assert events.names().count("inventory-item.created") == 2
    assert events.of("product.created") == [{"id": product["id"]}]


async def test_variant_flags_and_kits(shop: Shop) -> None:
    parts = [await shop.item("BOLT"), await shop.item("NUT")]
    product = await shop.product(
        options=[],
        variants=[
            {
                "title": "Kit",
                "prices": [],
                "inventory_items": [
                    {"inventory_item_id": parts[0]["id"], "required_quantity": 4},
                    {"inventory_item_id": parts[1]["id"]},
                ],
            },
            {"title": "Digital", "prices": [], "manage_inventory": "false"},
            {"title": "Preorder", "prices": [], "allow_backorder": True},
        ],
    )
    detail = (
        await shop.get(f"/admin/products/{product['id']}", fields="*variants.inventory_items")
    )["product"]
    kit, digital, preorder = detail["variants"]
    assert kit["inventory_items"] == [
        {"variant_id": kit["id"], "inventory_item_id": parts[0]["id"], "required_quantity": 4},
        {"variant_id": kit["id"], "inventory_item_id": parts[1]["id"], "required_quantity": 1},
    ]
    assert digital["manage_inventory"] is False and digital["inventory_items"] == []
    assert preorder["allow_backorder"] is True and len(preorder["inventory_items"]) == 1
    assert (await shop.get("/admin/inventory-items"))["count"] == 3  # 2 parts + preorder's own


async def test_update_list_and_delete(shop: Shop, events: Recorder) -> None:
    web, floor = await shop.channel("Web"), await shop.channel("Floor")
    product = await shop.product([web["id"]])
    path = f"/admin/products/{product['id']}"
    updated = (
        await shop.post(
            path, {"title": "Renamed", "status": "draft", "sales_channels": [{"id": floor["id"]}]}
        )
    )["product"]
    assert (updated["title"], updated["status"], updated["handle"]) == ("Renamed", "draft", "shirt")
    assert updated["sales_channels"] == [{"id": floor["id"], "name": "Floor"}]
    await shop.product(title="Other")
    assert (await shop.get("/admin/products", q="renam"))["count"] == 1
    assert (await shop.get("/admin/products", status="draft"))["count"] == 1
    assert (await shop.get("/admin/products", handle="other"))["products"][0]["title"] == "Other"
    assert (await shop.get("/admin/products", limit=1))["count"] == 2
    variant_ids = [v["id"] for v in product["variants"]]
    assert await shop.delete(path) == {"id": product["id"], "object": "product", "deleted": True}
    await shop.get(path, code=404)
    await shop.client.get("/health")
    assert sorted(e["id"] for e in events.of("product-variant.deleted")) == sorted(variant_ids)


async def test_variant_routes(shop: Shop, events: Recorder) -> None:
    product = await shop.product(options=[{"title": "Size", "values": ["S", "M", "L"]}])
    path = f"/admin/products/{product['id']}/variants"
    added = await shop.post(
        path,
        {
            "title": "L",
            "sku": "SH-L",
            "options": {"Size": "L"},
            "prices": [{"currency_code": "USD", "amount": 12.5}],
        },
    )
    large = added["product"]["variants"][-1]
    assert (large["sku"], large["prices"][0]["currency_code"]) == ("SH-L", "usd")
    changed = (
        await shop.post(
            f"{path}/{large['id']}", {"title": "Large", "allow_backorder": True, "prices": []}
        )
    )["product"]["variants"][-1]
    assert (changed["title"], changed["allow_backorder"], changed["prices"]) == ("Large", True, [])
    await shop.client.get("/health")
    assert events.of("product-variant.updated") == [
        {
            "id": large["id"],
            "product_id": product["id"],
            "fields": ["allow_backorder", "prices", "title"],
        }
    ]
    gone = await shop.delete(f"{path}/{large['id']}")
    assert (gone["id"], gone["object"], gone["deleted"]) == (large["id"], "variant", True)
    assert [v["title"] for v in gone["parent"]["variants"]] == ["S", "M"]
    await shop.delete(f"{path}/{large['id']}", code=404)


async def test_turning_inventory_management_on_creates_an_item(shop: Shop) -> None:
    product = await shop.product(
        options=[], variants=[{"title": "Card", "prices": [], "manage_inventory": False}]
    )
    variant = product["variants"][0]
    assert await shop.items_of(product["id"]) == {}
    await shop.post(
        f"/admin/products/{product['id']}/variants/{variant['id']}", {"manage_inventory": True}
    )
    assert list(await shop.items_of(product["id"])) == [variant["id"]]


async def test_option_rules_and_duplicates_write_nothing(shop: Shop) -> None:
    await shop.product(
        variants=[{"title": "S", "sku": "DUP", "options": {"Size": "S"}, "prices": []}]
    )
    cases: list[tuple[dict[str, Any], int, str]] = [
        (
            {"variants": [{"title": "X", "options": {}, "prices": []}]},
            400,
            "Product has 1 option values but there were 0 provided option values for the "
            "variant: X.",
        ),
        (
            {"variants": [{"title": "X", "options": {"Size": "XXL"}, "prices": []}]},
            400,
            "Option value XXL does not exist for option Size",
        ),
        (
            {
                "variants": [
                    {"title": "A", "options": {"Size": "S"}, "prices": []},
                    {"title": "B", "options": {"Size": "S"}, "prices": []},
                ]
            },
            400,
            "Variant B has the same combination of option values as another variant",
        ),
        (
            {"variants": [{"title": "A", "sku": "DUP", "options": {"Size": "S"}, "prices": []}]},
            422,
            "Product variant with sku: DUP, already exists.",
        ),
        ({"handle": "shirt"}, 422, "Product with handle: shirt, already exists."),
        (
            {"sales_channels": [{"id": "sc_missing"}]},
            400,
            "Sales channels with IDs sc_missing do not exist",
        ),
        (
            {
                "variants": [
                    {
                        "title": "A",
                        "options": {"Size": "S"},
                        "prices": [],
                        "inventory_items": [{"inventory_item_id": "iitem_missing"}],
                    }
                ]
            },
            404,
            "Inventory item with id: iitem_missing was not found",
        ),
        (
            {
                "variants": [
                    {
                        "title": "A",
                        "options": {"Size": "S"},
                        "prices": [],
                        "inventory_items": [{"inventory_item_id": "i", "required_quantity": 0}],
                    }
                ]
            },
            400,
            "Invalid request: Value for field 'variants, 0, inventory_items, 0, "
            "required_quantity' too small, expected at least: '1'",
        ),
        (
            {"variants": [{"title": "A", "options": {"Size": "S"}}]},
            400,
            "Invalid request: Field 'variants, 0, prices' is required",
        ),
        (
            {"status": "live"},
            400,
            "Invalid request: Expected: 'draft, proposed, published, "
            "rejected' for field 'status', but got: 'live'",
        ),
    ]
    for overrides, status, message in cases:
        body = {
            "title": "New",
            "handle": "new",
            "options": [{"title": "Size", "values": ["S"]}],
            **overrides,
        }
        answer = await shop.post("/admin/products", body, code=status)
        assert answer["message"] == message
    assert (await shop.get("/admin/products"))["count"] == 1
    assert (await shop.get("/admin/inventory-items"))["count"] == 1


async def test_variant_route_errors(shop: Shop) -> None:
    product = await shop.product()
    small, medium = product["variants"]
    base = f"/admin/products/{product['id']}/variants"
    clash = await shop.post(f"{base}/{medium['id']}", {"options": {"Size": "S"}}, code=400)
    assert (
        clash["message"] == "Variant M has the same combination of option values as another variant"
    )
    await shop.post(f"{base}/variant_missing", {"title": "x"}, code=404)
    other = await shop.product(title="Other")
    wrong_parent = await shop.post(
        f"/admin/products/{other['id']}/variants/{small['id']}", {"title": "x"}, code=404
    )
    assert wrong_parent["message"] == f"Variant with id: {small['id']} was not found"
    await shop.post(
        f"/admin/products/{ABSENT}/variants", {"title": "x", "prices": [], "options": {}}, code=404
    )
    unchanged = (await shop.get(f"/admin/products/{product['id']}"))["product"]["variants"]
    assert [v["options"][0]["value"] for v in unchanged] == ["S", "M"]
