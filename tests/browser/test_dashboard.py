"""The dashboard in a real browser. Checks triggered by stock changes and new subscriptions
wait ten minutes here: only the checks a test runs itself happen, so that the preview and the
check see the same restock."""

import csv
import io
import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN, Site, screenshot, start_site

STATUS = "SELECT status FROM restock_subscription WHERE id = :id"
NOTIFIED = 'SELECT "to", status FROM notification ORDER BY "to"'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with ExitStack() as stack:
        folder = tmp_path_factory.mktemp("dashboard")
        delayed = "600000"
        started = start_site(stack, folder, trigger_delay_ms=delayed, recheck_delay_ms=delayed)
        yield started
        assert started.tracebacks() == []


def sign_in(page: Page, site: Site, password: str = ADMIN["password"]) -> None:
    page.goto(f"{site.url}/app")
    expect(page).to_have_url(f"{site.url}/app/sign-in")
    page.get_by_label("Email").fill(ADMIN["email"])
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_wrong_password_and_sign_out(site: Site, page: Page) -> None:
    sign_in(page, site, password="not-the-password")
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
    expect(page.get_by_role("link", name="Overview")).to_have_count(0)
    screenshot(page, "dashboard-sign-in")
    token = page.locator("input[name=csrf_token]").get_attribute("value") or ""
    for email, password in (("admin\x00@example.com", "x"), (ADMIN["email"], "pass\x00word")):
        stored = page.request.post(
            f"{site.url}/app/sign-in",
            form={"email": email, "password": password, "csrf_token": token},
        )
        assert stored.status == 401 and "Wrong email or password." in stored.text()
    sign_in(page, site)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    [session] = [c for c in page.context.cookies() if c["name"] == "restock_dashboard"]
    assert (session["httpOnly"], session["sameSite"], session["path"]) == (True, "Lax", "/app")
    for name in ("Overview", "Subscriptions", "Notifications", "Suppressions", "Tools", "Settings"):
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
        screenshot(page, f"dashboard-{name.lower()}")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto(f"{site.url}/app/subscriptions")
    expect(page).to_have_url(f"{site.url}/app/sign-in")


def test_a_forged_form_changes_nothing(site: Site, page: Page) -> None:
    subscription = site.subscribe("forged@example.com")
    sign_in(page, site)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    for token in ("", "guessed"):
        answer = page.request.post(
            f"{site.url}/app/subscriptions/{subscription}/cancel",
            form={"csrf_token": token},
            max_redirects=0,
        )
        assert answer.status == 403
        assert "nothing was changed" in answer.text()
    assert site.rows(STATUS, id=subscription) == [("active",)]


def test_cancel_from_the_table(site: Site, page: Page) -> None:
    subscription = site.subscribe("cancel-me@example.com")
    sign_in(page, site)
    page.get_by_role("link", name="Subscriptions", exact=True).click()
    page.get_by_label("Search").fill("cancel-me@")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("1 subscription", exact=True)).to_be_visible()
    page.get_by_role("link", name="Cancel the subscription of cancel-me@example.com").click()
    expect(page.get_by_text("Cancel the subscription of cancel-me@example.com")).to_be_visible()
    assert site.rows(STATUS, id=subscription) == [("active",)]  # asking is not cancelling
    page.get_by_role("button", name="Cancel subscription").click()
    expect(page.get_by_role("status")).to_have_text("The subscription is cancelled.")
    assert site.rows(STATUS, id=subscription) == [("cancelled",)]


def test_export_csv_holds_every_matching_row(site: Site, page: Page) -> None:
    ids = {site.subscribe(f"export-{n}@example.com") for n in range(3)}
    site.subscribe("export-0@example.com", sku="DEMO-SOCK-PAIR")
    sign_in(page, site)
    page.goto(f"{site.url}/app/subscriptions?q=export-&status=active")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    text = download.value.path().read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    stored = site.rows(
        "SELECT id, email, variant_id, status FROM restock_subscription "
        "WHERE email LIKE 'export-%' ORDER BY id DESC"
    )
    assert [(r["id"], r["email"], r["variant_id"], r["status"]) for r in rows] == stored
    assert ids < {r["id"] for r in rows} and len(rows) == 4
    assert {r["product_title"] for r in rows} == {"Demo Tee", "Demo Sock Pair"}


def test_send_test_email_writes_nothing(site: Site, page: Page) -> None:
    before = site.rows("SELECT count(*) FROM notification")
    sign_in(page, site)
    page.get_by_role("link", name="Tools", exact=True).click()
    page.get_by_label("Send to").fill("ops@example.com")
    page.get_by_role("button", name="Send test email").click()
    expect(page.get_by_role("status")).to_have_text(
        "The log provider accepted the email to ops@example.com."
    )
    assert "Subject: Test email from Restock" in site.log.read_text()
    assert site.rows("SELECT count(*) FROM notification") == before


def _wait_sent(site: Site, count: int) -> list[tuple[str, str]]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        rows = site.rows(NOTIFIED)
        if len(rows) == count and all(status == "success" for _, status in rows):
            return [(str(to), str(status)) for to, status in rows]
        time.sleep(0.1)
    raise AssertionError(f"not sent: {site.rows(NOTIFIED)}")


def test_preview_lists_exactly_what_the_check_then_notifies(site: Site, page: Page) -> None:
    """Runs last in this module: it restocks the tee and sends its emails."""
    waiting = site.rows(
        "SELECT email FROM restock_subscription WHERE status = 'active' AND variant_id = :v "
        "ORDER BY email",
        v=site.variants["DEMO-TEE-M"],
    )
    site.subscribe("early@example.com", sku="DEMO-SOCK-PAIR")  # stays sold out
    site.stock("DEMO-TEE-M", 4)
    sign_in(page, site)
    page.get_by_role("link", name="Tools", exact=True).click()
    page.get_by_role("link", name="Preview next check").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"would notify {len(waiting)} subscribers of 1 restocked variant"
    )
    listed = page.locator("#would-notify tbody tr td:first-child").all_inner_texts()
    assert sorted(listed) == [email for (email,) in waiting]
    screenshot(page, "dashboard-preview")
    assert site.rows("SELECT count(*) FROM notification") == [(0,)]  # the preview wrote nothing

    site.api("POST", "/admin/workflows-executions/job-check-restock/run", json={})
    sent = _wait_sent(site, len(waiting))
    assert [to for to, _ in sent] == sorted(listed)

    page.get_by_role("link", name="Notifications", exact=True).click()
    page.get_by_role("link", name=sent[0][0]).click()
    expect(page.locator("#email-subject")).to_have_text("Demo Tee (Tee M) is back in stock")
    expect(page.locator("#email-text")).to_contain_text("/unsubscribe/")
    frame = page.frame_locator('iframe[title="The email\'s HTML"]')
    expect(frame.get_by_role("link", name="Get it before it sells out again")).to_be_visible()
    screenshot(page, "dashboard-notification")


def test_retry_a_failed_notification(site: Site, page: Page) -> None:
    site.subscribe("retry@example.com", sku="DEMO-SOCK-PAIR")
    site.stock("DEMO-SOCK", 2)
    site.api("POST", "/admin/workflows-executions/job-check-restock/run", json={})
    wanted = "SELECT n.id, n.status, s.status FROM notification n JOIN restock_subscription s"
    wanted += " ON s.id = n.resource_id WHERE n.\"to\" = 'retry@example.com'"
    deadline = time.monotonic() + 10
    while site.rows(wanted)[0][1:] != ("success", "notified") and time.monotonic() < deadline:
        time.sleep(0.1)
    [(notification, _, _)] = site.rows(wanted)
    # As a notification that failed for good leaves them: failed, its subscription waiting.
    site.rows(
        "UPDATE notification SET status = 'failure', last_error = 'mailbox full' WHERE id = :id",
        id=notification,
    )
    site.rows(
        "UPDATE restock_subscription SET status = 'active', notified_at = NULL "
        "WHERE email = 'retry@example.com'"
    )
    sign_in(page, site)
    page.goto(f"{site.url}/app/notifications?status=failure")
    page.get_by_role("link", name="retry@example.com").click()
    expect(page.get_by_text("mailbox full")).to_be_visible()
    page.get_by_role("button", name="Retry").click()
    expect(page.get_by_role("status")).to_have_text("The notification is queued to be sent again.")
    deadline = time.monotonic() + 10
    while site.rows(wanted)[0][1:] != ("success", "notified") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert site.rows(wanted) == [(notification, "success", "notified")]
    [(attempts,)] = site.rows("SELECT attempts FROM notification WHERE id = :id", id=notification)
    assert attempts == 1  # attempts start again
    # By now the module has subscribed, sent and cancelled: the overview shows it all.
    site.stock("DEMO-TEE-M", 0)
    for n in range(2):
        site.subscribe(f"later-{n}@example.com")
    page.get_by_role("link", name="Overview", exact=True).click()
    page.get_by_role("button", name="Count again").click()
    expect(page.get_by_role("status")).to_have_text("Most wanted is counted anew.")
    tee = page.get_by_role("row").filter(has_text="Tee M")
    expect(tee.get_by_role("cell").last).to_have_text("2")
    screenshot(page, "dashboard-overview")
