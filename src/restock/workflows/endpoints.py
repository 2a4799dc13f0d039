from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from pydantic import TypeAdapter, ValidationError

from restock.auth.dependencies import AdminUser, AppSettings
from restock.db import AppDatabase
from restock.errors import InvalidData
from restock.kit.ids import new_id
from restock.kit.responses import ContractRoute, Out
from restock.kit.schema import Body
from restock.kit.validation import describe
from restock.workflows import get_workflow

router = APIRouter(
    prefix="/admin/workflows-executions", tags=["admin: workflows"], route_class=ContractRoute
)


class RunBody(Body):
    input: dict[str, Any] | None = None
    transaction_id: str | None = None


class Acknowledgement(Out):
    workflowId: str  # noqa: N815  # Medusa's names
    transactionId: str  # noqa: N815
    hasFinished: bool  # noqa: N815
    hasFailed: bool  # noqa: N815


class RunAnswer(Out):
    acknowledgement: Acknowledgement
    result: dict[str, Any]  # what the workflow did, e.g. {"queued": 3, "subscribers": 3}


@router.post("/{workflow_id}/run", response_model=RunAnswer)
async def run(
    workflow_id: str,
    body: RunBody,
    _: AdminUser,
    database: AppDatabase,
    settings: AppSettings,
) -> dict[str, Any]:
    """Runs a workflow now and answers once it has finished, with what it did; a workflow that
    fails answers its error. What it queues is sent after its transactions commit."""
    workflow = get_workflow(workflow_id)
    try:
        given = TypeAdapter(workflow.input_type).validate_python(body.input or {})
    except ValidationError as error:
        raise InvalidData(describe(error.errors())) from None
    result = await workflow.run(given, database, settings)
    return {
        "acknowledgement": {
            "workflowId": workflow_id,
            "transactionId": body.transaction_id or new_id("wf"),
            "hasFinished": True,
            "hasFailed": False,
        },
        "result": asdict(result),
    }
