"""A subscription's emails speak its language: the body's `locale`, else the best of the
browser's Accept-Language that has templates, else RESTOCK_DEFAULT_LOCALE."""

from restock.db import Database
from restock.notifications.templates import best_locale
from tests.subscriptions.conftest import mail_scene

GERMAN = "Shirt (M) ist wieder da"
ENGLISH = "Shirt (M) is back in stock"


def test_best_locale_follows_the_preferences() -> None:
    available = frozenset({"de"})
    assert best_locale("fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7", available) == "de"
    assert best_locale("de-AT", available) == "de"
    assert best_locale("de;q=0, fr", available) is None  # q=0: not acceptable
    assert best_locale("de;q=oops", available) is None
    assert best_locale(None, available) is None


async def test_emails_in_the_subscriptions_language(db: Database, admin_token: str) -> None:
    async with mail_scene(db, admin_token) as (scene, sink):
        wanted = {
            "browser@x.io": ({}, {"accept-language": "fr-CH, de;q=0.9, en;q=0.5"}, "de"),
            "body@x.io": ({"locale": "en"}, {"accept-language": "de"}, "en"),
            "region@x.io": ({"locale": "de-AT"}, {}, "de-AT"),
            "nobody@x.io": ({}, {"accept-language": "ja"}, "en"),
        }
        for email, (extra, headers, _) in wanted.items():
            await scene.subscribe(
                {"variant_id": scene.sold_out, "email": email, **extra},
                headers={**scene.store, **headers},
            )
        refused = await scene.subscribe(
            {"variant_id": scene.sold_out, "email": "bad@x.io", "locale": "not a tag"}, code=400
        )
        assert "locale" in refused["message"]
        stored = {r["email"]: r for r in await scene.rows()}
        assert "bad@x.io" not in stored
        items = await scene.shop.items_of(scene.product["id"])
        await scene.shop.stock(items[scene.sold_out], scene.location["id"], 9)
        await scene.shop.settle()
        subjects = {str(m["To"]): str(m["Subject"]) for m in sink.messages}
        assert subjects == {
            "browser@x.io": GERMAN,
            "body@x.io": ENGLISH,
            "region@x.io": GERMAN,  # de-AT has no templates of its own: its language's
            "nobody@x.io": ENGLISH,
        }
        export = await scene.shop.get("/admin/privacy/export", email="region@x.io")
        assert export["privacy_export"]["subscriptions"][0]["locale"] == "de-AT"


async def test_the_confirmation_email_too(db: Database, admin_token: str) -> None:
    async with mail_scene(db, admin_token, double_opt_in=True) as (scene, sink):
        await scene.subscribe(
            {"variant_id": scene.sold_out, "email": "bitte@x.io"},
            headers={**scene.store, "accept-language": "de-DE"},
        )
        await scene.shop.settle()
        [message] = sink.messages
        assert str(message["Subject"]) == "Bestätigen: Nachricht, wenn Shirt (M) wieder da ist"
