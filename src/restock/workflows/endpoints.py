from typing import Any

from fastapi import APIRouter
from pydantic import TypeAdapter, ValidationError

from restock.auth.dependencies import AdminUser, AppSettings
from restock.db import Session
from restock.errors import InvalidData, NotAllowed
from restock.kit.schema import Body
from restock.kit.validation import describe
from restock.workflows import get_workflow

router = APIRouter(prefix="/admin/workflows-executions", tags=["admin: workflows"])


class RunBody(Body):
    input: dict[str, Any] | None = None
    transaction_id: str | None = None


@router.post("/{workflow_id}/run")
async def run(
    workflow_id: str,
    body: RunBody,
    _: AdminUser,
    session: Session,
    settings: AppSettings,
) -> dict[str, Any]:
    """Runs a workflow now, in this request's transaction. What it queues is sent once the
    transaction commits (the queueing is an event, delivered after commit)."""
    workflow = get_workflow(workflow_id)
    if workflow.input_type is None:
        raise NotAllowed(f"Workflow {workflow_id} cannot be run from the admin API")
    try:
        given: Any = TypeAdapter(workflow.input_type).validate_python(body.input or {})
    except ValidationError as error:
        raise InvalidData(describe(error.errors())) from None
    result = await workflow.run(given, session=session, settings=settings)
    return {
        "acknowledgement": {
            "workflowId": workflow_id,
            "transactionId": body.transaction_id or result.transaction_id,
            "hasFinished": True,
            "hasFailed": False,
        }
    }
