from datetime import timedelta

import pytest

from restock.notifications.outcomes import Decision, RetryPolicy, Verdict, decide

POLICY = RetryPolicy(max_attempts=3, first_delay_seconds=10)


@pytest.mark.parametrize(
    ("suppressed", "error", "attempts", "expected"),
    [
        (False, None, 1, Decision(Verdict.SENT)),
        (False, None, 3, Decision(Verdict.SENT)),
        (False, "boom", 1, Decision(Verdict.RETRIED, timedelta(seconds=10))),
        (False, "boom", 2, Decision(Verdict.RETRIED, timedelta(seconds=20))),
        (False, "boom", 3, Decision(Verdict.FAILED)),
        (False, "boom", 4, Decision(Verdict.FAILED)),
        (True, None, 1, Decision(Verdict.SUPPRESSED)),
        (True, "boom", 3, Decision(Verdict.SUPPRESSED)),
    ],
)
def test_decide(suppressed: bool, error: str | None, attempts: int, expected: Decision) -> None:
    assert decide(suppressed=suppressed, error=error, attempts=attempts, policy=POLICY) == expected


def test_backoff_doubles_from_the_first_delay() -> None:
    policy = RetryPolicy(max_attempts=6, first_delay_seconds=1.5)
    delays = [decide(suppressed=False, error="x", attempts=n, policy=policy) for n in range(1, 6)]
    assert [d.retry_in for d in delays] == [timedelta(seconds=s) for s in (1.5, 3, 6, 12, 24)]
