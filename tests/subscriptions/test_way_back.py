"""An address that unsubscribed comes back only by an explicit act: confirming, from the link
emailed to it, a new subscription. Double opt-in off (the default): the way back is the same."""

from restock.db import Database
from restock.models import SuppressionReason
from restock.notifications.service import suppression_service
from tests.subscriptions.conftest import mail_scene
from tests.subscriptions.test_double_opt_in import _confirm_path, _stock

CONFIRM = "Confirm: tell me when Shirt (M) is back"


async def test_an_unsubscribed_address_comes_back_by_confirming(
    db: Database, admin_token: str
) -> None:
    async with mail_scene(db, admin_token) as (scene, sink):
        shop = scene.shop
        async with db.transaction() as session:
            await suppression_service.suppress(session, "back@x.io")
            await suppression_service.suppress(session, "hard@x.io", SuppressionReason.BOUNCED)
        customer = await scene.customer("back@x.io")
        for headers in (scene.store, scene.store, customer):  # a signed-in owner proves nothing
            await scene.subscribe(
                {"variant_id": scene.sold_out, "email": "back@x.io"}, headers=headers
            )
        await scene.subscribe({"variant_id": scene.sold_out, "email": "hard@x.io"})
        await shop.settle()
        # One waiting subscription, and one consent request: it reaches the unsubscribed
        # address, at most once a day; the bounced one gets nothing and stores nothing.
        assert [(r["email"], r["status"]) for r in await scene.rows()] == [
            ("back@x.io", "unconfirmed")
        ]
        assert [(str(m["To"]), str(m["Subject"])) for m in sink.messages] == [
            ("back@x.io", CONFIRM)
        ]
        await _stock(scene, scene.sold_out, 2)
        assert len(sink.messages) == 1  # not told before confirming

        path = _confirm_path(sink, "back@x.io")
        assert (await shop.client.post(path)).status_code == 200
        await shop.settle()
        suppressed = (await shop.get("/admin/suppressions"))["suppressions"]
        assert [s["email"] for s in suppressed] == ["hard@x.io"]
        assert [str(m["Subject"]) for m in sink.messages][1:] == ["Shirt (M) is back in stock"]
        [row] = await scene.rows()
        assert (row["status"], row["confirmed_at"] is not None) == ("notified", True)
