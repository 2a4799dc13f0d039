"""Links in emails are signed with a key of their own: rotating the JWT secret breaks none, and
after the link key is rotated, the keys it replaced keep sent links working."""

from restock.db import Database
from restock.notifications.dispatcher import unsubscribe_url
from tests.conftest import serve

OLD = "old-link-key-" + "o" * 30
NEW = "new-link-key-" + "n" * 30


async def test_sent_links_outlive_key_rotations(db: Database) -> None:
    sent = unsubscribe_url(db.settings.model_copy(update={"link_secret": OLD}), "ann@x.io")
    path = "/unsubscribe/" + sent.rsplit("/unsubscribe/", 1)[1]
    answers = {}
    for name, settings in {
        "jwt rotated": {"link_secret": OLD, "jwt_secret": "another-jwt-secret-" + "j" * 30},
        "link rotated, old kept": {"link_secret": NEW, "link_old_secrets": f"x, {OLD}"},
        "link rotated, old dropped": {"link_secret": NEW},
    }.items():
        async with serve(db, **settings) as client:
            answers[name] = (await client.get(path)).status_code
    assert answers == {
        "jwt rotated": 200,
        "link rotated, old kept": 200,
        "link rotated, old dropped": 404,
    }
    async with serve(db, link_secret=NEW) as client:
        fresh = unsubscribe_url(client.app.state.settings, "ann@x.io")
    assert fresh != sent  # new emails carry links signed with the new key
