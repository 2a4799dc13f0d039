import pytest

from restock.errors import NotFound
from restock.workflows import Context, Step, Workflow, get_workflow, register_workflow


def _steps(
    log: list[str], fail_at: str | None = None, broken_compensation: str | None = None
) -> tuple[Step, ...]:
    def make(name: str) -> Step:
        async def invoke(context: Context) -> str:
            if name == fail_at:
                raise RuntimeError(f"{name} failed")
            previous = list(context.results.values())
            log.append(f"do {name} after {previous}")
            return f"{name}:{context.input}"

        async def compensate(context: Context, result: str) -> None:
            if name == broken_compensation:
                raise ValueError(f"cannot undo {name}")
            log.append(f"undo {result}")

        return Step(name, invoke, compensate if name != "b" else None)

    return tuple(make(n) for n in ("a", "b", "c", "d"))


async def test_steps_run_in_order_and_pass_results() -> None:
    log: list[str] = []
    result = await Workflow("w", _steps(log)).run("in", session="s")
    assert log == [
        "do a after []",
        "do b after ['a:in']",
        "do c after ['a:in', 'b:in']",
        "do d after ['a:in', 'b:in', 'c:in']",
    ]
    assert result.output == "d:in" and result.results["b"] == "b:in"
    assert result.transaction_id.startswith("wf_")


async def test_failure_compensates_completed_steps_in_reverse() -> None:
    log: list[str] = []
    with pytest.raises(RuntimeError, match="d failed"):
        await Workflow("w", _steps(log, fail_at="d")).run("in")
    # b has no compensation; d never completed, so it is not compensated.
    assert log[3:] == ["undo c:in", "undo a:in"]


async def test_failing_compensation_is_noted_and_the_rest_still_run() -> None:
    log: list[str] = []
    with pytest.raises(RuntimeError, match="d failed") as caught:
        await Workflow("w", _steps(log, fail_at="d", broken_compensation="c")).run("in")
    assert log[3:] == ["undo a:in"]
    assert caught.value.__notes__ == [
        "compensation of step 'c' failed: ValueError('cannot undo c')"
    ]


async def test_registry() -> None:
    workflow = register_workflow(Workflow("registry-test", ()))
    assert get_workflow("registry-test") is workflow
    assert (await workflow.run()).output is None
    with pytest.raises(NotFound, match='Workflow with id "nope" not found.'):
        get_workflow("nope")
