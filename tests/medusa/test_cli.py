"""`restock medusa sync`, run as a real process against the recorded store."""

import sqlite3
from contextlib import closing
from pathlib import Path

from tests.medusa.fixture_server import SECRET_KEY, medusa_fixtures
from tests.test_cli import _run

SUMMARY = [
    "sales channels   read       2  written       2  removed      0",
    "stock locations  read       3  written       3  removed      0",
    "inventory items  read       4  written       4  removed      0",
    "products         read       4  written       9  removed      0",
    "reservations     read       1  written       1  removed      0",
    "api keys         read       3  written       3  removed      0",
    "restock emails queued: 0",
]


def test_sync_imports_with_a_summary_and_again_writes_nothing(tmp_path: Path) -> None:
    assert _run(tmp_path, "db", "migrate").returncode == 0
    with medusa_fixtures() as medusa:
        mirror = {
            "RESTOCK_MEDUSA_URL": medusa.url,
            "RESTOCK_MEDUSA_SECRET_KEY": SECRET_KEY,
            "RESTOCK_MEDUSA_PAGE_SIZE": "2",
        }
        first = _run(tmp_path, "medusa", "sync", **mirror)
        again = _run(tmp_path, "medusa", "sync", **mirror)
        wrong = _run(tmp_path, "medusa", "sync", **{**mirror, "RESTOCK_MEDUSA_SECRET_KEY": "sk_x"})
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-len(SUMMARY) :] == SUMMARY
    assert "inventory items" in first.stdout.splitlines()[2]  # a progress bar per resource
    assert again.returncode == 0, again.stderr
    assert [line.split("written")[1].split()[0] for line in again.stdout.splitlines()[-7:-1]] == [
        "0"
    ] * 6
    assert wrong.returncode == 1
    assert "Medusa refused RESTOCK_MEDUSA_SECRET_KEY (401)" in wrong.stdout
    with closing(sqlite3.connect(tmp_path / "var" / "restock.db")) as db:
        assert db.execute("SELECT count(*) FROM product").fetchone() == (4,)


def test_sync_without_a_store_says_what_to_set(tmp_path: Path) -> None:
    result = _run(tmp_path, "medusa", "sync")
    assert result.returncode == 2
    assert "set RESTOCK_MEDUSA_URL and RESTOCK_MEDUSA_SECRET_KEY first" in result.stdout
