"""What becomes of a notification after an attempt: decided by one pure function from the
attempt's result, and written back as an `Outcome`."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from restock.models import Notification, NotificationStatus

SUPPRESSED = "suppressed: the address unsubscribed"


class Verdict(StrEnum):
    SENT = "sent"
    RETRIED = "retried"
    FAILED = "failed"  # for good: no attempts left
    SUPPRESSED = "suppressed"
    BOUNCED = "bounced"  # the mail server refused the address for good: it is suppressed now


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    first_delay_seconds: float  # doubled after each further failed attempt


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    retry_in: timedelta | None = None  # for RETRIED


def decide(
    *,
    suppressed: bool,
    error: str | None,
    attempts: int,
    policy: RetryPolicy,
    undeliverable: bool = False,
) -> Decision:
    """`attempts` counts this one. An error is retried with exponential backoff until the
    attempts run out, unless the address was refused for good; a suppressed address is never
    sent to."""
    if suppressed:
        return Decision(Verdict.SUPPRESSED)
    if error is None:
        return Decision(Verdict.SENT)
    if undeliverable:
        return Decision(Verdict.BOUNCED)
    if attempts >= policy.max_attempts:
        return Decision(Verdict.FAILED)
    delay = policy.first_delay_seconds * 2 ** (attempts - 1)
    return Decision(Verdict.RETRIED, timedelta(seconds=delay))


_STATUS = {
    Verdict.SENT: NotificationStatus.SUCCESS,
    Verdict.RETRIED: NotificationStatus.PENDING,
    Verdict.FAILED: NotificationStatus.FAILURE,
    Verdict.SUPPRESSED: NotificationStatus.FAILURE,
    Verdict.BOUNCED: NotificationStatus.FAILURE,
}


@dataclass(frozen=True)
class Outcome:
    """A row's new state after an attempt, as the settling statement writes it."""

    notification: Notification
    verdict: Verdict
    next_attempt_at: datetime
    error: str | None = None
    external_id: str | None = None
    sent_at: datetime | None = None

    @property
    def status(self) -> NotificationStatus:
        return _STATUS[self.verdict]


def outcome_of(
    notification: Notification,
    decision: Decision,
    error: str | None,
    external_id: str | None,
    now: datetime,
) -> Outcome:
    verdict = decision.verdict
    if verdict is Verdict.SENT:
        return Outcome(
            notification,
            verdict,
            notification.next_attempt_at,
            external_id=external_id,
            sent_at=now,
        )
    if verdict is Verdict.RETRIED:
        assert decision.retry_in is not None
        return Outcome(notification, verdict, now + decision.retry_in, error)
    reason = SUPPRESSED if verdict is Verdict.SUPPRESSED else error
    return Outcome(notification, verdict, notification.next_attempt_at, reason)


@dataclass
class Settled:
    """A run's settled notifications by what became of them, for their resources' owners."""

    sent: list[Notification] = field(default_factory=list)
    failed: list[Notification] = field(default_factory=list)  # for good: no attempts left
    # Not sent, and never will be: the address unsubscribed, or its mail server refused it.
    suppressed: list[Notification] = field(default_factory=list)

    @classmethod
    def of(cls, outcomes: list[Outcome], resource_type: str) -> "Settled":
        settled = cls()
        lists = {
            Verdict.SENT: settled.sent,
            Verdict.FAILED: settled.failed,
            Verdict.SUPPRESSED: settled.suppressed,
            Verdict.BOUNCED: settled.suppressed,
        }
        for outcome in outcomes:
            chosen = lists.get(outcome.verdict)
            if chosen is None:
                continue
            if outcome.notification.resource_type == resource_type:
                chosen.append(outcome.notification)
        return settled


@dataclass
class Report:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    suppressed: int = 0
    bounced: int = 0

    @classmethod
    def of(cls, outcomes: list[Outcome]) -> "Report":
        report = cls(claimed=len(outcomes))
        for outcome in outcomes:
            name = outcome.verdict.value
            setattr(report, name, getattr(report, name) + 1)
        return report

    def add(self, other: "Report") -> None:
        for name in ("claimed", "sent", "retried", "failed", "suppressed", "bounced"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
