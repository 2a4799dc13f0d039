"""Workflows by name, for the admin "run" route and the command line."""

from restock.errors import NotFound
from restock.workflows.core import Workflow

_workflows: dict[str, Workflow] = {}


def register_workflow(workflow: Workflow) -> Workflow:
    _workflows[workflow.name] = workflow
    return workflow


def get_workflow(name: str) -> Workflow:
    workflow = _workflows.get(name)
    if workflow is None:
        raise NotFound(f'Workflow with id "{name}" not found.')
    return workflow
