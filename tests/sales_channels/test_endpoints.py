from tests.factories import Recorder, Shop

ABSENT = "sc_01ABSENTABSENTABSENTABSENT"


async def test_create_list_retrieve_update_delete(shop: Shop, events: Recorder) -> None:
    created = await shop.channel("Web", description="online", metadata={"a": 1})
    assert created["id"].startswith("sc_")
    assert {k: created[k] for k in ("name", "description", "is_disabled", "metadata")} == {
        "name": "Web",
        "description": "online",
        "is_disabled": False,
        "metadata": {"a": 1},
    }
    assert created["created_at"].endswith("Z")
    await shop.channel("Shop floor")
    listed = await shop.get("/admin/sales-channels", limit=1, offset=1)
    assert (listed["count"], listed["limit"], listed["offset"]) == (2, 1, 1)
    assert len(listed["sales_channels"]) == 1
    assert (await shop.get("/admin/sales-channels", name="Web"))["sales_channels"][0] == created
    got = await shop.get(f"/admin/sales-channels/{created['id']}")
    assert got["sales_channel"] == created
    updated = await shop.post(f"/admin/sales-channels/{created['id']}", {"is_disabled": True})
    assert updated["sales_channel"]["is_disabled"] is True
    assert updated["sales_channel"]["name"] == "Web"
    gone = await shop.delete(f"/admin/sales-channels/{created['id']}")
    assert gone == {"id": created["id"], "object": "sales-channel", "deleted": True}
    await shop.get(f"/admin/sales-channels/{created['id']}", code=404)
    await shop.client.get("/health")  # let the bus deliver
    assert events.names()[:2] == ["sales-channel.created", "sales-channel.created"]
    assert events.of("sales-channel.deleted") == [{"id": created["id"]}]


async def test_errors(shop: Shop) -> None:
    missing = await shop.get(f"/admin/sales-channels/{ABSENT}", code=404)
    assert missing == {
        "type": "not_found",
        "message": f"Sales channel with id: {ABSENT} was not found",
    }
    await shop.post(f"/admin/sales-channels/{ABSENT}", {"name": "x"}, code=404)
    await shop.delete(f"/admin/sales-channels/{ABSENT}", code=404)
    no_name = await shop.post("/admin/sales-channels", {}, code=400)
    assert no_name["message"] == "Invalid request: Field 'name' is required"
    typed = await shop.post("/admin/sales-channels", {"name": None, "extra": 1}, code=400)
    assert typed["message"] == (
        "Invalid request: Expected type: 'string' for field 'name', "
        "got: 'null'; Unrecognized fields: 'extra'"
    )
    channel = await shop.channel()
    null = await shop.post(f"/admin/sales-channels/{channel['id']}", {"name": None}, code=400)
    assert null["type"] == "invalid_data"
    assert (await shop.get("/admin/sales-channels"))["count"] == 1
