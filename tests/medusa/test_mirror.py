"""The mirror against what a real Medusa 2.15 store answered (fixtures recorded by
`record.py`, served over HTTP by `fixture_server.py`), on SQLite and PostgreSQL."""

from typing import Any

import httpx
import pytest
from sqlalchemy import text

from restock.kit.time import utcnow
from restock.medusa.client import MedusaClient, MedusaRefused, MedusaUnreachable
from restock.medusa.service import ITEMS, Mirror
from tests.factories import expect, statements
from tests.medusa.conftest import Mirrored
from tests.medusa.fixture_server import SECRET_KEY


async def _catalog(m: Mirrored) -> dict[str, list[tuple[Any, ...]]]:
    """What the mirror holds, by the names the recorded catalog gave its rows."""
    names = {i: n for group in m.ids.values() for n, i in group.items()}

    def name(row_id: str) -> str:
        return names.get(row_id, "made by medusa")  # the preorder variant's inventory item

    return {
        "supply": sorted(
            (name(loc), name(sc))
            for sc, loc in await m.rows(
                "SELECT sales_channel_id, stock_location_id FROM sales_channel_stock_location"
            )
        ),
        "levels": sorted(
            (name(i), name(loc), s, r)
            for i, loc, s, r in await m.rows(
                "SELECT inventory_item_id, location_id, stocked_quantity, reserved_quantity "
                "FROM inventory_level"
            )
        ),
        "variants": sorted(
            (name(v), t, bool(mi), bool(b))
            for v, t, mi, b in await m.rows(
                "SELECT id, title, manage_inventory, allow_backorder FROM product_variant"
            )
        ),
        "kits": sorted(
            (name(v), name(i), q)
            for v, i, q in await m.rows(
                "SELECT variant_id, inventory_item_id, required_quantity "
                "FROM product_variant_inventory_item"
            )
        ),
        "listings": sorted(
            (name(p), name(sc))
            for p, sc in await m.rows(
                "SELECT product_id, sales_channel_id FROM product_sales_channel"
            )
        ),
        "reservations": sorted(
            (name(i), name(loc), q)
            for i, loc, q in await m.rows(
                "SELECT inventory_item_id, location_id, quantity FROM reservation_item"
            )
        ),
    }


IMPORTED = {
    "supply": [
        ("berlin", "web"),
        ("hamburg", "outlet"),
        ("hamburg", "web"),
        ("munich", "outlet"),
    ],
    "levels": [
        ("boot", "berlin", 0, 0),
        ("boot", "hamburg", 0, 0),
        ("lace", "berlin", 10, 0),
        ("tee-s", "berlin", 0, 0),
        ("tee-s", "hamburg", 3, 1),
    ],
    "variants": [
        ("gone", "One", False, False),
        ("kit", "42", True, False),
        ("preorder", "One", True, True),
        ("tee-m", "M", False, False),
        ("tee-s", "S", True, False),
    ],
    "kits": [
        ("kit", "boot", 2),
        ("kit", "lace", 1),
        ("preorder", "made by medusa", 1),
        ("tee-s", "tee-s", 1),
    ],
    "listings": [
        ("gone", "web"),
        ("kit", "web"),
        ("preorder", "outlet"),
        ("tee", "outlet"),
        ("tee", "web"),
    ],
    "reservations": [("tee-s", "hamburg", 1)],
}


async def test_import_keeps_medusas_ids_and_shapes(mirrored: Mirrored) -> None:
    report = await mirrored.mirror.sync()
    assert await _catalog(mirrored) == IMPORTED
    # The preorder variant's own inventory item (Medusa made it) has no levels.
    assert report.tallies["inventory_items"].read == 4
    assert report.tallies["products"].read == 4
    keys = await mirrored.rows(
        "SELECT id, type, revoked_at IS NOT NULL FROM api_key ORDER BY created_at"
    )
    assert [(k, t, r) for k, t, r in keys if k in mirrored.ids["keys"].values()] == [
        (mirrored.ids["keys"]["shop"], "publishable", False),
        (mirrored.ids["keys"]["old"], "publishable", True),
    ]
    prices = await mirrored.rows(
        "SELECT currency_code, amount FROM price WHERE variant_id = :v",
        v=mirrored.ids["variants"]["kit"],
    )
    assert prices == [("eur", 120)]
    thumbnail = await mirrored.rows(
        "SELECT thumbnail FROM product WHERE id = :p", p=mirrored.ids["products"]["tee"]
    )
    assert thumbnail == [("https://images.example.com/tee.png",)]
    # Every page read once: nothing swept, nothing asked for by id.
    assert all("limit=2" in target for target in mirrored.medusa.requests)


async def test_a_second_import_changes_nothing(mirrored: Mirrored) -> None:
    await mirrored.mirror.sync()
    again = await mirrored.mirror.sync()
    assert {(t.written, t.removed) for t in again.tallies.values()} == {(0, 0)}
    assert await _catalog(mirrored) == IMPORTED
    unchanged = mirrored.medusa
    unchanged.phase = "pull-unchanged"
    pulled = await mirrored.mirror.pull()
    assert {(t.written, t.removed) for t in pulled.tallies.values()} == {(0, 0)}


async def test_a_restock_in_medusa_emails_the_subscriber(mirrored: Mirrored) -> None:
    await mirrored.mirror.sync()
    store = {"x-publishable-api-key": mirrored.ids["tokens"]["shop"]}
    body = {
        "variant_id": mirrored.ids["variants"]["kit"],
        "sales_channel_id": mirrored.ids["channels"]["web"],
        "email": "boots@example.com",
    }
    expect(
        await mirrored.client.post("/store/restock-subscriptions", json=body, headers=store), 201
    )
    await mirrored.shop.settle()
    assert await mirrored.rows('SELECT "to" FROM notification') == []

    # Someone waited for the product Medusa is about to delete (it was sold out back then).
    async with mirrored.db.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO restock_subscription (id, variant_id, sales_channel_id, email, "
                "email_key, status, created_at, updated_at) VALUES ('rsub_gone', :v, :c, "
                "'gone@example.com', 'gone@example.com', 'active', :now, :now)"
            ),
            {
                "v": mirrored.ids["variants"]["gone"],
                "c": mirrored.ids["channels"]["web"],
                "now": utcnow(),
            },
        )

    mirrored.medusa.phase = "pull-changed"
    report = await mirrored.mirror.pull()
    await mirrored.shop.settle()

    assert await mirrored.rows('SELECT "to", status FROM notification') == [
        ("boots@example.com", "success")
    ]
    held = await _catalog(mirrored)
    assert ("boot", "berlin", 4, 0) in held["levels"]
    assert ("tee-s", "hamburg", 3, 0) in held["levels"]  # the reservation was released
    assert held["reservations"] == []
    assert ("tee-m", "M (new cut)", False, False) in held["variants"]
    assert not [v for v in held["variants"] if v[0] == "gone"]  # deleted in Medusa
    assert report.tallies["products"].removed == 0  # it came back with `deleted_at`
    assert report.tallies["reservations"].removed == 1
    # Its subscription closed with it; nobody was emailed about it.
    assert await mirrored.rows(
        "SELECT status FROM restock_subscription WHERE id = 'rsub_gone'"
    ) == [("cancelled",)]


async def test_the_revoked_key_is_refused_and_the_store_key_works(mirrored: Mirrored) -> None:
    await mirrored.mirror.sync()
    body = {"variant_id": mirrored.ids["variants"]["kit"], "email": "a@example.com"}
    old = {"x-publishable-api-key": mirrored.ids["tokens"]["old"]}
    refused = await mirrored.client.post("/store/restock-subscriptions", json=body, headers=old)
    assert refused.status_code == 400
    assert await mirrored.rows("SELECT id FROM restock_subscription") == []


async def test_an_import_that_stopped_resumes_at_its_page(mirrored: Mirrored) -> None:
    medusa = mirrored.medusa
    mirrored.mirror.client.attempts = 2
    medusa.broken = lambda target: (
        target.startswith("/admin/inventory-items") and ("offset=2" in target)
    )
    with pytest.raises(MedusaUnreachable):
        await mirrored.mirror.sync()
    marks = dict(await mirrored.rows("SELECT resource, next_offset FROM medusa_mirror"))
    assert marks["inventory_items"] == 2
    assert await mirrored.rows("SELECT count(*) FROM product") == [(0,)]

    medusa.broken = None
    medusa.requests.clear()
    await mirrored.mirror.sync()
    items = [t for t in medusa.requests if t.startswith("/admin/inventory-items")]
    # The first page is not read again; the sweep then lists ids, as one page was not seen.
    assert [("offset=2" in t, "limit=1000" in t) for t in items] == [(True, False), (False, True)]
    assert await _catalog(mirrored) == IMPORTED


async def test_failures_are_retried_with_a_pause(mirrored: Mirrored) -> None:
    mirrored.medusa.faults = [503, 0, 502]
    await mirrored.mirror.sync()
    assert await _catalog(mirrored) == IMPORTED
    first = mirrored.medusa.requests[0]
    assert mirrored.medusa.requests[:4] == [first] * 4


async def test_a_wrong_key_names_the_setting_and_writes_nothing(mirrored: Mirrored) -> None:
    mirrored.mirror.client.http.auth = httpx.BasicAuth("sk_" + "0" * 64, "")
    with pytest.raises(MedusaRefused, match="RESTOCK_MEDUSA_SECRET_KEY"):
        await mirrored.mirror.sync()
    assert len(mirrored.medusa.requests) == 1  # a 401 is not retried
    assert await mirrored.rows("SELECT count(*) FROM sales_channel") == [(0,)]
    assert await mirrored.rows("SELECT count(*) FROM medusa_mirror") == [(0,)]


async def test_fields_medusa_adds_later_are_ignored(mirrored: Mirrored) -> None:
    mirrored.medusa.unknown_field = True
    await mirrored.mirror.sync()
    assert await _catalog(mirrored) == IMPORTED


async def test_unchanged_pages_are_not_written_until_another_process_writes(
    mirrored: Mirrored,
) -> None:
    """A page that comes back as this process last wrote it is skipped; once another process
    (another instance's pull, a hook) changed the resource, it is compared again."""
    medusa = mirrored.medusa
    boot = (
        "SELECT stocked_quantity FROM inventory_level "
        "WHERE inventory_item_id = :i AND location_id = :l"
    )
    where = {"i": mirrored.ids["items"]["boot"], "l": mirrored.ids["locations"]["berlin"]}
    await mirrored.mirror.sync()
    medusa.phase = "pull-unchanged"
    await mirrored.mirror.pull()
    with statements(mirrored.db) as seen:
        await mirrored.mirror.pull()
    assert not [s for s in seen if s.lstrip().upper().startswith(("INSERT", "DELETE"))]

    other = Mirror(mirrored.db, mirrored.mirror.settings, MedusaClient(medusa.url, SECRET_KEY))
    medusa.phase = "pull-changed"
    await other.refresh([ITEMS])  # another instance: the boots are back (4)
    await other.client.close()
    assert await mirrored.rows(boot, **where) == [(4,)]
    medusa.phase = "pull-unchanged"  # and sold out again, as this process saw it before
    await mirrored.mirror.refresh([ITEMS])
    assert await mirrored.rows(boot, **where) == [(0,)]
