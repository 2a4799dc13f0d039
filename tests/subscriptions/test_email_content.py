"""What the restock email shows: the product's image and the price in the channel's currency
(or the variant's only one), and a storefront link made per channel."""

import pytest
from pydantic import ValidationError

from restock.config import Settings, problems
from restock.db import Database
from tests.smtp_sink import body_of
from tests.subscriptions.conftest import mail_scene
from tests.subscriptions.test_double_opt_in import _stock

IMAGE = "https://images.example.com/shirt.png"


async def test_image_price_and_the_channels_link(db: Database, admin_token: str) -> None:
    async with mail_scene(db, admin_token) as (scene, sink):
        channel = scene.channel["id"]
        pattern = "https://{sales_channel_id}.shop.example/p/{handle}?v={variant_id}"
        # The app's own copy of the settings (its dispatcher reads the same object): new
        # dicts, so that the database fixture's settings, shared by later tests, stay as they are.
        settings = scene.shop.client.app.state.settings
        settings.storefront_urls = {channel: pattern}
        settings.channel_currencies = {channel: "usd"}
        product = scene.product["id"]
        await scene.shop.post(f"/admin/products/{product}", {"thumbnail": IMAGE})
        prices = [
            {"currency_code": "eur", "amount": 19.5},
            {"currency_code": "usd", "amount": 21},
        ]
        await scene.shop.post(
            f"/admin/products/{product}/variants/{scene.sold_out}", {"prices": prices}
        )
        await scene.subscribe({"variant_id": scene.sold_out, "email": "pic@x.io"})
        await _stock(scene, scene.sold_out, 1)
        [message] = sink.messages
        handle = scene.product["handle"]
        link = f"https://{channel}.shop.example/p/{handle}?v={scene.sold_out}"
        text, html = body_of(message, "plain"), body_of(message, "html")
        assert "Price: 21.00 USD" in text and link in text
        assert f'<img src="{IMAGE}" alt="Shirt"' in html
        assert "Price: <strong>21.00 USD</strong>" in html

        # Without a currency for the channel and with two prices, no price is guessed.
        settings.channel_currencies = {}
        await _stock(scene, scene.sold_out, 0)
        await scene.subscribe({"variant_id": scene.sold_out, "email": "two@x.io"})
        await _stock(scene, scene.sold_out, 1)
        second = [m for m in sink.messages if str(m["To"]) == "two@x.io"]
        assert len(second) == 1 and "Price:" not in body_of(second[0], "plain")


def test_a_link_pattern_with_an_unknown_field_is_refused() -> None:
    for name, value in (
        ("storefront_url", "https://shop.example/{sku}"),
        ("storefront_urls", {"sc_1": "https://shop.example/{handle"}),
    ):
        with pytest.raises(ValidationError) as caught:
            Settings(**{name: value})  # type: ignore[arg-type]
        [problem] = problems(caught.value)
        assert problem.startswith(f"RESTOCK_{name.upper()}: Value error, a storefront link may")
