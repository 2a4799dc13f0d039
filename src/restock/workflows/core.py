"""Step, Workflow and the runner."""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from restock.kit.ids import new_id

log = logging.getLogger(__name__)


@dataclass
class Context:
    """What steps share: the workflow's input, earlier steps' results, and dependencies."""

    input: Any
    deps: dict[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, step_name: str) -> Any:
        return self.results[step_name]


Invoke = Callable[[Context], Awaitable[Any]]
Compensate = Callable[[Context, Any], Awaitable[None]]


@dataclass(frozen=True)
class Step:
    name: str
    invoke: Invoke
    compensate: Compensate | None = None


@dataclass(frozen=True)
class WorkflowResult:
    transaction_id: str
    output: Any
    results: dict[str, Any]


@dataclass(frozen=True)
class Workflow:
    name: str
    steps: tuple[Step, ...]
    # What the admin "run" route builds the input as; None: the workflow is not run from there.
    input_type: type | None = None

    async def run(self, input: Any = None, **deps: Any) -> WorkflowResult:
        """The last step's result is the output. Errors propagate after compensation; a
        compensation that fails is logged and noted on the error, and the others still run."""
        context = Context(input=input, deps=deps)
        done: list[tuple[Step, Any]] = []
        try:
            for step in self.steps:
                result = await step.invoke(context)
                context.results[step.name] = result
                done.append((step, result))
        except BaseException as error:
            await self._compensate(context, done, error)
            raise
        output = done[-1][1] if done else None
        return WorkflowResult(new_id("wf"), output, dict(context.results))

    async def _compensate(
        self, context: Context, done: list[tuple[Step, Any]], error: BaseException
    ) -> None:
        for step, result in reversed(done):
            if step.compensate is None:
                continue
            try:
                await step.compensate(context, result)
            except Exception as failure:
                log.exception("compensation of %s/%s failed", self.name, step.name)
                error.add_note(f"compensation of step {step.name!r} failed: {failure!r}")
