"""A mail server that refuses an address for good: no retries, the address is suppressed, its
subscriptions end; a refusal for now is retried as before."""

from tests.smtp_sink import SmtpSink
from tests.subscriptions.conftest import Scene


async def _restock(scene: Scene) -> None:
    items = await scene.shop.items_of(scene.product["id"])
    await scene.shop.stock(items[scene.sold_out], scene.location["id"], 5)
    await scene.shop.settle()


async def test_a_permanent_refusal_suppresses_the_address(mail: tuple[Scene, SmtpSink]) -> None:
    scene, sink = mail
    sink.recipients = {
        "gone@x.io": "550 5.1.1 <gone@x.io>: no such user",
        "full@x.io": "452 4.2.2 mailbox full, try later",
    }
    for email in ("gone@x.io", "full@x.io", "ok@x.io"):
        await scene.subscribe({"variant_id": scene.sold_out, "email": email})
    # The refused address also waits for the other size, which stays sold out.
    items = await scene.shop.items_of(scene.product["id"])
    await scene.shop.stock(items[scene.in_stock], scene.location["id"], 0)
    await scene.subscribe({"variant_id": scene.in_stock, "email": "gone@x.io"})
    await _restock(scene)

    assert sink.to() == ["ok@x.io"]
    notes = {n["to"]: n for n in (await scene.shop.get("/admin/notifications"))["notifications"]}
    gone, full = notes["gone@x.io"], notes["full@x.io"]
    assert (gone["status"], gone["attempts"]) == ("failure", 1)  # not retried
    assert "550 5.1.1 <gone@x.io>: no such user" in gone["last_error"]
    assert (full["status"], full["attempts"]) == ("pending", 1)  # retried as before
    [suppression] = (await scene.shop.get("/admin/suppressions"))["suppressions"]
    assert (suppression["email"], suppression["reason"]) == ("gone@x.io", "bounced")
    assert "550 5.1.1" in suppression["detail"]
    statuses = sorted((r["email"], r["variant_id"], r["status"]) for r in await scene.rows())
    assert statuses == sorted(
        [
            ("gone@x.io", scene.sold_out, "cancelled"),
            ("gone@x.io", scene.in_stock, "cancelled"),  # it waits for nothing more
            ("full@x.io", scene.sold_out, "notifying"),
            ("ok@x.io", scene.sold_out, "notified"),
        ]
    )

    # A new subscription of the refused address stores nothing, and nothing is sent to it.
    await scene.shop.stock(
        (await scene.shop.items_of(scene.product["id"]))[scene.sold_out], scene.location["id"], 0
    )
    await scene.subscribe({"variant_id": scene.sold_out, "email": "gone@x.io"})
    assert [r["status"] for r in await scene.rows(email="gone@x.io")] == ["cancelled"] * 2


async def test_an_unsubscribe_is_recorded_as_such(mail: tuple[Scene, SmtpSink]) -> None:
    scene, sink = mail
    await scene.subscribe({"variant_id": scene.sold_out, "email": "leaving@x.io"})
    await _restock(scene)
    [message] = sink.messages
    link = str(message["List-Unsubscribe"]).strip("<>")
    await scene.shop.client.post(link.split("127.0.0.1:9000", 1)[1])
    [suppression] = (await scene.shop.get("/admin/suppressions"))["suppressions"]
    assert (suppression["email"], suppression["reason"], suppression["detail"]) == (
        "leaving@x.io",
        "unsubscribed",
        None,
    )
