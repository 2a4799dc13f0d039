"""Workflows by name, for the admin "run" route and the scheduler."""

from typing import Any, TypeVar

from restock.errors import NotFound
from restock.workflows.core import Workflow

W = TypeVar("W", bound=Workflow[Any])
_workflows: dict[str, Workflow[Any]] = {}


def register_workflow(workflow: W) -> W:
    _workflows[workflow.name] = workflow
    return workflow


def get_workflow(name: str) -> Workflow[Any]:
    workflow = _workflows.get(name)
    if workflow is None:
        raise NotFound(f'Workflow with id "{name}" not found.')
    return workflow
