"""Workflows: named steps run in order; on failure, completed steps are compensated in reverse.

A step whose effect the database transaction undoes needs no compensation; a step that does
something outside the transaction (an email, a call to another system) carries one.
"""

from restock.workflows.core import Context, Step, Workflow, WorkflowResult
from restock.workflows.registry import get_workflow, register_workflow

__all__ = ["Context", "Step", "Workflow", "WorkflowResult", "get_workflow", "register_workflow"]
