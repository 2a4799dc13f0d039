from dataclasses import dataclass

import pytest

from restock.config import Settings
from restock.db import Database
from restock.errors import NotFound
from restock.subscriptions.check import job_check_restock, send_restock_notifications
from restock.subscriptions.detection import CheckInput
from restock.workflows import Workflow, get_workflow, register_workflow


@dataclass(frozen=True)
class Echo:
    said: str


async def _echo(given: Echo, database: Database, settings: Settings) -> Echo:
    return Echo(given.said * 2)


async def test_a_registered_workflow_is_found_by_name_and_runs(db: Database) -> None:
    workflow = register_workflow(Workflow("registry-test", Echo, _echo))
    assert get_workflow("registry-test") is workflow
    assert await workflow.run(Echo("ab"), db, db.settings) == Echo("abab")
    with pytest.raises(NotFound, match='Workflow with id "nope" not found.'):
        get_workflow("nope")


def test_the_check_runs_under_the_guide_s_names() -> None:
    assert get_workflow("send-restock-notifications") is send_restock_notifications
    assert get_workflow("job-check-restock") is job_check_restock
    assert job_check_restock.input_type is CheckInput
    assert job_check_restock.run is send_restock_notifications.run
