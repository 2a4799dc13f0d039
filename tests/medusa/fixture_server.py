"""A real HTTP server on 127.0.0.1 that answers as the recorded Medusa store answered.

It serves one recorded phase at a time (`fixtures/<phase>.json`, made by `record.py`), by the
exact request target; checks the secret key as Medusa does (HTTP Basic, the key as user name)
and answers a wrong one with Medusa's recorded 401; and can be told to fail: `faults` are
answered, in order, before the recorded answers (a status, or 0 to drop the connection)."""

import base64
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from testbed.json_server import json_server

FIXTURES = Path(__file__).parent / "fixtures"
SECRET_KEY = "sk_" + "5" * 64  # what the tests configure; the recorded store had its own


def _phase(name: str) -> dict[str, tuple[int, Any]]:
    exchanges = json.loads((FIXTURES / f"{name}.json").read_text())
    return {e["target"]: (e["status"], e["body"]) for e in exchanges}


def recorded_catalog() -> dict[str, dict[str, str]]:
    catalog: dict[str, dict[str, str]] = json.loads((FIXTURES / "catalog.json").read_text())
    return catalog


@dataclass
class MedusaFixtures:
    url: str = ""
    phase: str = "import"
    faults: list[int] = field(default_factory=list)
    unknown_field: bool = False  # add a field Medusa might add one day to every row
    broken: Callable[[str], bool] | None = None  # targets answered 503 while it holds
    requests: list[str] = field(default_factory=list)

    def answer(self, target: str, authorization: str) -> tuple[int, Any]:
        self.requests.append(target)
        if self.faults:
            return self.faults.pop(0), {"type": "unknown_error", "message": "scripted fault"}
        if self.broken is not None and self.broken(target):
            return 503, {"type": "unknown_error", "message": "scripted outage"}
        expected = "Basic " + base64.b64encode(f"{SECRET_KEY}:".encode()).decode()
        if authorization != expected:
            return _phase("refused")["/admin/sales-channels?limit=1"]
        recorded = _phase(self.phase).get(target)
        if recorded is None:
            return 404, {"type": "not_found", "message": f"not recorded in {self.phase}: {target}"}
        status, body = recorded
        if self.unknown_field:
            for rows in body.values():
                for row in rows if isinstance(rows, list) else []:
                    row["loyalty_tier"] = {"added": "in a later Medusa", "levels": [1, 2]}
        return status, body


@contextmanager
def medusa_fixtures() -> Iterator[MedusaFixtures]:
    state = MedusaFixtures()
    with json_server(
        lambda target, headers: state.answer(target, headers.get("authorization", ""))
    ) as url:
        state.url = url
        yield state
