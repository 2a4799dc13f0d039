"""An account takes over the guest subscriptions of its address only once the address proved
it is the account's, from an emailed link: signing up, or subscribing signed in, takes over
nothing."""

import re

from sqlalchemy import update

from restock.db import Database
from restock.models import Customer
from tests.factories import expect
from tests.subscriptions.conftest import mail_scene

CLAIM = "/store/customers/me/restock-subscriptions/claim"


async def test_the_address_proves_itself_before_the_account_takes_over(
    db: Database, admin_token: str
) -> None:
    async with mail_scene(db, admin_token) as (scene, sink):
        client = scene.shop.client
        guest = await scene.subscribe({"variant_id": scene.sold_out, "email": "bo@example.com"})
        account = await scene.customer("bo@example.com")
        mine = await scene.subscribe({"variant_id": scene.sold_out}, headers=account)
        await scene.shop.settle()
        # Signing up and subscribing took over nothing, and the answer showed no stored row.
        [row] = await scene.rows()
        assert (row["id"], row["customer_id"]) == (guest["restock_subscription"]["id"], None)
        assert mine["restock_subscription"]["id"] != row["id"]
        listed = await client.get("/store/restock-subscriptions", headers=account)
        assert listed.json()["restock_subscriptions"] == []

        headers = {**account, "accept-language": "de-DE,de;q=0.9"}
        assert expect(await client.post(CLAIM, headers=headers), 202) == {"claim": {"sent": True}}
        assert expect(await client.post(CLAIM, headers=account), 202) == {"claim": {"sent": False}}
        anonymous = await client.post(CLAIM, headers=scene.store)
        assert anonymous.status_code == 401
        await scene.shop.settle()
        [message] = sink.messages
        assert str(message["To"]) == "bo@example.com"
        assert str(message["Subject"]) == (
            "Ihre Verfügbarkeits-Benachrichtigungen zu Ihrem Konto hinzufügen"
        )
        text = message.get_body(("plain",))
        assert text is not None
        found = re.search(r"http://\S+?(/claim/\S+)", text.get_content())
        assert found is not None
        path = found.group(1)

        looked = await client.get(path)  # a mail scanner: changes nothing
        assert looked.status_code == 200 and "<form" in looked.text
        assert (await scene.rows())[0]["customer_id"] is None
        forged = await client.post(path[:-3] + "AAA")
        assert forged.status_code == 404 and "This link is not valid" in forged.text
        done = await client.post(path)
        assert done.status_code == 200 and "added to your account: 1" in done.text
        [row] = await scene.rows()
        assert row["customer_id"] is not None
        listed = await client.get("/store/restock-subscriptions", headers=account)
        assert [r["id"] for r in listed.json()["restock_subscriptions"]] == [row["id"]]

        # A link outlives nothing: once the account's address changed, it takes nothing.
        await scene.subscribe({"variant_id": scene.sold_out, "email": "BO@example.com"})
        async with db.transaction() as session:
            await session.execute(update(Customer).values(email="new@example.com"))
        stale = await client.post(path)
        assert stale.status_code == 404
        assert [r["customer_id"] is None for r in await scene.rows()] == [False]
