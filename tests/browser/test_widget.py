"""The <restock-notify> element in a real browser: on the demo shop (same origin) and on a page
of another origin, allowed or refused by RESTOCK_STORE_CORS."""

import threading
from collections.abc import Iterator
from contextlib import ExitStack
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Site, screenshot, start_site
from tests.ports import free_port

LIVE = "SELECT email, variant_id FROM restock_subscription WHERE email = :email"


class QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the test output shows failures only."""


class Origins:
    """Two other origins that serve a page with the widget: Restock admits the first only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.allowed, self.refused = free_port(), free_port()

    def url(self, port: int) -> str:
        return f"http://127.0.0.1:{port}"

    def serve(self, stack: ExitStack) -> None:
        for port in (self.allowed, self.refused):
            handler = partial(QuietFiles, directory=str(self.folder))
            server = ThreadingHTTPServer(("127.0.0.1", port), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            stack.callback(server.server_close)
            stack.callback(server.shutdown)


@pytest.fixture(scope="module")
def origins(tmp_path_factory: pytest.TempPathFactory) -> Origins:
    return Origins(tmp_path_factory.mktemp("other-origin"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, origins: Origins) -> Iterator[Site]:
    with ExitStack() as stack:
        folder = tmp_path_factory.mktemp("widget")
        started = start_site(stack, folder, store_cors=origins.url(origins.allowed))
        origins.serve(stack)
        yield started
        assert started.tracebacks() == []


def tee(page: Page) -> Locator:
    return page.get_by_role("article", name="Demo Tee")


def test_a_sold_out_variant_offers_the_form_and_subscribes(site: Site, page: Page) -> None:
    page.goto(site.url)
    tee(page).get_by_label("Tee M").check()
    notify = tee(page).get_by_role("button", name="Notify me when available")
    expect(notify).to_be_visible()
    screenshot(page, "shop")
    notify.click()
    field = tee(page).get_by_label("Email")
    expect(field).to_be_focused()
    field.fill("maria@example.com")
    screenshot(page, "widget-form")
    tee(page).get_by_role("button", name="Notify me", exact=True).click()
    expect(tee(page).get_by_role("status")).to_have_text("We'll email you when it's back")
    screenshot(page, "widget-done")
    assert site.rows(LIVE, email="maria@example.com") == [
        ("maria@example.com", site.variants["DEMO-TEE-M"])
    ]
    consent = "SELECT consent_source FROM restock_subscription WHERE email = :email"
    assert site.rows(consent, email="maria@example.com") == [("widget",)]


def test_an_available_variant_shows_nothing(site: Site, page: Page) -> None:
    page.goto(site.url)
    tee(page).get_by_label("Tee S").check()
    tee(page).get_by_label("Tee M").check()  # the widget appears for M ...
    expect(tee(page).get_by_role("button", name="Notify me when available")).to_be_visible()
    tee(page).get_by_label("Tee L").check()  # ... and goes for L, which is in stock
    expect(tee(page).get_by_role("button", name="Notify me when available")).to_have_count(0)
    gift = page.get_by_role("article", name="Demo Gift Card")
    expect(gift.get_by_text("In stock")).to_be_visible()
    expect(gift.get_by_role("button")).to_have_count(0)


@pytest.mark.parametrize("address", ["not-an-address", "shopper@localhost"])
def test_an_invalid_address_is_shown_and_nothing_is_stored(
    site: Site, page: Page, address: str
) -> None:
    """The browser's check catches the first, Restock's the second (no domain suffix)."""
    page.goto(site.url)
    tee(page).get_by_label("Tee M").check()
    tee(page).get_by_role("button", name="Notify me when available").click()
    tee(page).get_by_label("Email").fill(address)
    tee(page).get_by_role("button", name="Notify me", exact=True).click()
    expect(tee(page).get_by_text("Enter a valid email address.")).to_be_visible()
    expect(tee(page).get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "widget-invalid")
    assert site.rows(LIVE, email=address) == []


def test_keyboard_only(site: Site, page: Page) -> None:
    """From the top of the page with the Tab key: the sock pair is sold out."""
    page.goto(site.url)
    socks = page.get_by_role("article", name="Demo Sock Pair")
    notify = socks.get_by_role("button", name="Notify me when available")
    expect(notify).to_be_visible()
    for _ in range(12):
        page.keyboard.press("Tab")
        if notify.evaluate("button => button.matches(':focus')"):
            break
    expect(notify).to_be_focused()
    page.keyboard.press("Enter")
    expect(socks.get_by_label("Email")).to_be_focused()
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Enter")
    status = socks.get_by_role("status")
    expect(status).to_have_text("We'll email you when it's back")
    expect(status).to_be_focused()
    assert site.rows(LIVE, email="keys@example.com") == [
        ("keys@example.com", site.variants["DEMO-SOCK-PAIR"])
    ]


def _other_page(site: Site, origins: Origins) -> None:
    (origins.folder / "product.html").write_text(
        "<!doctype html><html lang='de'><head><meta charset='utf-8'>"
        f"<script type='module' src='{site.url}/widget.js'></script></head><body>"
        f"<restock-notify variant-id='{site.variants['DEMO-TEE-M']}' locale='de'"
        f" publishable-key='{site.publishable_key}' api-url='{site.url}'></restock-notify>"
        "</body></html>"
    )


def test_another_origin_admitted_by_store_cors(site: Site, origins: Origins, page: Page) -> None:
    _other_page(site, origins)
    page.goto(f"{origins.url(origins.allowed)}/product.html")
    page.get_by_role("button", name="Benachrichtigen, wenn verfügbar").click()
    page.get_by_label("E-Mail").fill("nachbar@example.com")
    page.get_by_role("button", name="Benachrichtigen", exact=True).click()
    expect(page.get_by_role("status")).to_have_text(
        "Wir schreiben Ihnen, sobald der Artikel wieder da ist"
    )
    screenshot(page, "widget-other-origin")
    assert site.rows(LIVE, email="nachbar@example.com") == [
        ("nachbar@example.com", site.variants["DEMO-TEE-M"])
    ]


def test_another_origin_refused_by_store_cors(site: Site, origins: Origins, page: Page) -> None:
    """The script loads (it is public), but the browser keeps the API's answers from the page:
    the element shows nothing, and the page cannot subscribe anyone."""
    _other_page(site, origins)
    with page.expect_console_message(lambda message: "CORS policy" in message.text):
        page.goto(f"{origins.url(origins.refused)}/product.html")
    assert page.locator("restock-notify").evaluate("e => e.shadowRoot.childElementCount") == 0
    forged = page.evaluate(
        """async ([url, key, variant]) => {
            try {
                await fetch(url + '/store/restock-subscriptions', {method: 'POST',
                  headers: {'content-type': 'application/json', 'x-publishable-api-key': key},
                  body: JSON.stringify({variant_id: variant, email: 'fremd@example.com'})});
                return 'answered';
            } catch (error) { return 'blocked'; }
        }""",
        [site.url, site.publishable_key, site.variants["DEMO-TEE-M"]],
    )
    assert forged == "blocked"
    assert site.rows(LIVE, email="fremd@example.com") == []
