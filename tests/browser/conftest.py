"""Browser tests: Playwright drives the machine's Chromium (Debian's package, launched by its
path: Playwright's own browser download is not used) against a real `restock serve`.

Without a browser the tests skip with one line saying how to install it; under CI
(RESTOCK_REQUIRE_BROWSER=1, set by .ci/run) a missing browser fails the run instead."""

import asyncio
import os
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.ports import free_port
from tests.system.harness import RESTOCK, wait_for_port

SCREENSHOTS = Path(__file__).parents[2] / "var" / "screenshots"
ADMIN = {"email": "admin@example.com", "password": "supersecret"}
INSTALL = "install Debian's chromium (apt-get install chromium) or set RESTOCK_TEST_CHROMIUM"


def chromium_path() -> str | None:
    given = os.environ.get("RESTOCK_TEST_CHROMIUM")
    if given:
        return given
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per module: Playwright's synchronous API keeps an event loop running in this thread
    while it is open, and the asynchronous tests of other modules need the thread free."""
    path = chromium_path()
    if path is None:
        if os.environ.get("RESTOCK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"no Chromium for the browser tests: {INSTALL}")
        pytest.skip(f"browser tests need Chromium: {INSTALL}")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@dataclass(frozen=True)
class Site:
    """A running Restock with the demo catalog."""

    url: str
    database_url: str
    publishable_key: str
    channel_id: str
    variants: dict[str, str]  # by SKU
    items: dict[str, str]  # inventory items by SKU
    location_id: str
    admin: dict[str, str]  # the admin API's headers
    log: Path

    def subscribe(self, email: str, sku: str = "DEMO-TEE-M") -> str:
        answer = httpx.post(
            f"{self.url}/store/restock-subscriptions",
            json={"variant_id": self.variants[sku], "email": email},
            headers={"x-publishable-api-key": self.publishable_key},
        )
        assert answer.status_code == 201, answer.text
        [(found,)] = self.rows(
            "SELECT id FROM restock_subscription WHERE email = :email AND variant_id = :variant",
            email=email,
            variant=self.variants[sku],
        )
        return str(found)

    def stock(self, sku: str, quantity: int) -> None:
        path = f"/admin/inventory-items/{self.items[sku]}/location-levels/{self.location_id}"
        self.api("POST", path, json={"stocked_quantity": quantity})

    def tracebacks(self) -> list[str]:
        return [line for line in self.log.read_text().splitlines() if "Traceback" in line]

    def rows(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        """What the database holds, read with its own connection; a statement that returns no
        rows (a test's setup) is committed."""

        async def read() -> list[tuple[Any, ...]]:
            engine = create_async_engine(self.database_url)
            try:
                async with engine.begin() as connection:
                    result = await connection.execute(text(sql), params)
                    return [tuple(row) for row in result] if result.returns_rows else []
            finally:
                await engine.dispose()

        # In a thread of its own: Playwright runs an event loop in this one.
        with ThreadPoolExecutor(1) as thread:
            return thread.submit(asyncio.run, read()).result()

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = httpx.request(method, f"{self.url}{path}", headers=self.admin, **kwargs)
        answer.raise_for_status()
        return answer.json()


def _run(env: dict[str, str], *args: str) -> None:
    subprocess.run([RESTOCK, *args], check=True, capture_output=True, env=env, timeout=120)


def start_site(stack: ExitStack, folder: Path, **settings: str) -> Site:
    port = free_port()
    database_url = f"sqlite+aiosqlite:///{folder / 'restock.db'}"
    env = {
        **os.environ,
        "RESTOCK_ENV": "development",
        "RESTOCK_DATABASE_URL": database_url,
        "RESTOCK_PORT": str(port),
        "RESTOCK_RATE_LIMITS_ENABLED": "false",
        "RESTOCK_SCHEDULER_ENABLED": "false",
        "RESTOCK_SHUTDOWN_GRACE_SECONDS": "1",
        **{f"RESTOCK_{name.upper()}": value for name, value in settings.items()},
    }
    _run(env, "db", "migrate")
    _run(env, "seed", "--demo")
    log_path = folder / "server.log"
    log = stack.enter_context(log_path.open("wb"))
    server = subprocess.Popen([RESTOCK, "serve"], env=env, stdout=log, stderr=log)
    stack.callback(server.wait, 30)
    stack.callback(server.terminate)
    wait_for_port(port)
    url = f"http://127.0.0.1:{port}"
    token = httpx.post(f"{url}/auth/user/emailpass", json=ADMIN).json()["token"]
    admin = {"authorization": f"Bearer {token}"}

    def read(path: str, name: str) -> list[dict[str, Any]]:
        answer: list[dict[str, Any]] = httpx.get(f"{url}{path}", headers=admin).json()[name]
        return answer

    [key] = read("/admin/api-keys", "api_keys")
    [channel] = read("/admin/sales-channels", "sales_channels")
    [location] = read("/admin/stock-locations", "stock_locations")
    variants = {
        v["sku"]: v["id"] for p in read("/admin/products", "products") for v in p["variants"]
    }
    items = {i["sku"]: i["id"] for i in read("/admin/inventory-items", "inventory_items")}
    return Site(
        url,
        database_url,
        key["token"],
        channel["id"],
        variants,
        items,
        location["id"],
        admin,
        log_path,
    )
