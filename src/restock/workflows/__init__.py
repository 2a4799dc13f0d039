"""Workflows: use cases run by name (the admin API's run route and the scheduler)."""

from restock.workflows.core import Workflow
from restock.workflows.registry import get_workflow, register_workflow

__all__ = ["Workflow", "get_workflow", "register_workflow"]
