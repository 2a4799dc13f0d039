"""Sends pending notifications: claim a batch, send outside any transaction, settle outcomes.

Claim and settle are separate transactions so that no row lock is held while a provider talks
to the network. A claimed row is leased (`next_attempt_at` pushed ahead); if this process dies
mid-send, the row comes due again when the lease runs out and is sent then. The owner of a
notification's resource (restock subscriptions) learns the outcome through a hook that runs in
the settling transaction, so both change together.
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from restock.config import Settings
from restock.db import Database
from restock.kit.crypto import sign
from restock.kit.tasks import all_or_none
from restock.kit.time import utcnow
from restock.metrics import metrics
from restock.models import Notification
from restock.notifications import repository
from restock.notifications.providers import Message, Provider, SendResult, provider_from
from restock.notifications.templates import render

log = logging.getLogger(__name__)
UNSUBSCRIBE = "unsubscribe"
SUPPRESSED = "suppressed: the address unsubscribed"
RUNS_IN_FLIGHT = 3


@dataclass
class Settled:
    sent: list[Notification] = field(default_factory=list)
    failed: list[Notification] = field(default_factory=list)  # for good: no attempts left
    suppressed: list[Notification] = field(default_factory=list)


@dataclass
class Report:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    suppressed: int = 0

    def add(self, other: "Report") -> None:
        for name in ("claimed", "sent", "retried", "failed", "suppressed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


OutcomeHook = Callable[[Any, Settled], Awaitable[None]]


def unsubscribe_url(settings: Settings, email: str) -> str:
    token = sign(settings.jwt_secret, UNSUBSCRIBE, email.lower())
    return f"{settings.public_url.rstrip('/')}/unsubscribe/{token}"


def compose(settings: Settings, notification: Notification) -> Message:
    data = notification.data or {}
    variant = data.get("variant") or {}
    product = variant.get("product") or {}
    unsubscribe = unsubscribe_url(settings, notification.to)
    context = {
        "variant": variant,
        "product": product,
        "variant_url": settings.storefront_url.format(
            handle=product.get("handle", ""), variant_id=variant.get("id", "")
        ),
        "unsubscribe_url": unsubscribe,
        "data": data,
    }
    template = notification.template or "variant-restock"
    rendered = render(template, context, settings.templates_dir)
    return Message(
        notification_id=notification.id,
        to=notification.to,
        sender=notification.from_ or settings.notification_from,
        channel=notification.channel,
        template=template,
        data=data,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


class Dispatcher:
    def __init__(
        self,
        database: Database,
        settings: Settings,
        provider: Provider | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.provider = provider or provider_from(settings)
        self.hooks: dict[str, OutcomeHook] = {}
        # A run claims rows, sends them and records the outcomes; RUNS_IN_FLIGHT runs overlap,
        # so that sends go on while another run claims or records. A provider that sends one
        # message at a time has each run take as many rows as there are sends in flight: a row
        # never waits long for its turn (a row whose lease ran out while it waited would be
        # sent twice). A process killed after the provider accepted messages, before their
        # success was recorded, leaves them to be sent again: at most the rows of the runs in
        # flight, RUNS_IN_FLIGHT x RESTOCK_DISPATCH_CONCURRENCY. A batch provider sends one
        # whole batch at a time.
        if hasattr(self.provider, "send_many"):
            self._runs, self._claim = 1, settings.notification_batch_size
        else:
            self._runs, self._claim = RUNS_IN_FLIGHT, settings.dispatch_concurrency
        self._limit = asyncio.Semaphore(settings.dispatch_concurrency)
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def on_settled(self, resource_type: str, hook: OutcomeHook) -> None:
        self.hooks[resource_type] = hook

    async def run_once(self) -> Report:
        now = utcnow()
        lease = now + timedelta(seconds=self.settings.notification_lease_seconds)
        async with self.database.transaction() as session:
            claimed = await repository.claim_due(session, now, lease, self._claim)
            suppressed = await repository.suppressed_among(session, {n.to.lower() for n in claimed})
        report, settled, outcomes = Report(claimed=len(claimed)), Settled(), []
        if not claimed:
            return report
        sendable = [n for n in claimed if n.to.lower() not in suppressed]
        results = dict(zip((n.id for n in sendable), await self._send_all(sendable), strict=True))
        done = utcnow()
        for notification in claimed:
            outcome = {
                "row_id": notification.id,
                "now": done,
                "external": None,
                "sent": None,
                "error": None,
                "retry_at": notification.next_attempt_at,
            }
            if notification.to.lower() in suppressed:
                outcome.update(new_status="failure", error=SUPPRESSED)
                settled.suppressed.append(notification)
                report.suppressed += 1
            else:
                error, external = results[notification.id]
                if error is None:
                    outcome.update(new_status="success", sent=done, external=external)
                    settled.sent.append(notification)
                    report.sent += 1
                elif notification.attempts >= self.settings.notification_max_attempts:
                    outcome.update(new_status="failure", error=error)
                    settled.failed.append(notification)
                    report.failed += 1
                else:
                    backoff = self.settings.notification_retry_seconds * 2 ** (
                        notification.attempts - 1
                    )
                    outcome.update(
                        new_status="pending",
                        error=error,
                        retry_at=done + timedelta(seconds=backoff),
                    )
                    report.retried += 1
            outcomes.append(outcome)
        async with self.database.transaction() as session:
            await repository.settle(session, outcomes)
            for resource_type, hook in self.hooks.items():
                await hook(session, _of_type(settled, resource_type))
        self._observe(report, settled, outcomes, done)
        return report

    def _observe(
        self, report: Report, settled: Settled, outcomes: list[dict[str, Any]], done: datetime
    ) -> None:
        """A log line per send, and the metrics, once the outcomes are committed."""
        for outcome in outcomes:
            fields = {
                "notification_id": outcome["row_id"],
                "provider": self.provider.id,
                "status": outcome["new_status"],
                "error": outcome["error"],
            }
            log.info(
                "notification %s: %s",
                outcome["row_id"],
                outcome["new_status"],
                extra={"fields": fields},
            )
        for name in ("sent", "retried", "failed", "suppressed"):
            metrics().notifications.labels(self.provider.id, name).inc(getattr(report, name))
        for notification in settled.sent:
            metrics().restock_to_send_seconds.observe(
                (done - notification.created_at).total_seconds()
            )

    async def _send_all(self, rows: list[Notification]) -> list[tuple[str | None, str | None]]:
        send_many = getattr(self.provider, "send_many", None)
        if send_many is None:
            return list(await asyncio.gather(*(self._send(n) for n in rows)))
        composed: list[Message | BaseException] = []
        for row in rows:
            try:
                composed.append(compose(self.settings, row))
            except Exception as error:
                composed.append(error)
        messages = [m for m in composed if isinstance(m, Message)]
        sent = iter(await send_many(messages) if messages else [])
        return [
            _outcome(item if isinstance(item, BaseException) else next(sent)) for item in composed
        ]

    async def _send(self, notification: Notification) -> tuple[str | None, str | None]:
        """(error, external id): an error is kept on the row and retried."""
        async with self._limit:
            try:
                result = await self.provider.send(compose(self.settings, notification))
            except Exception as error:
                log.warning("sending notification %s failed: %r", notification.id, error)
                return _outcome(error)
            return _outcome(result)

    async def drain(self) -> Report:
        """Send everything due now; retries scheduled for later are left for later."""
        total = Report()

        async def runs() -> None:
            while not self._stopping:
                report = await self.run_once()
                total.add(report)
                if report.claimed < self._claim:
                    return

        await all_or_none([runs() for _ in range(self._runs)])  # one failing stops the others
        return total

    def kick(self) -> None:
        self._wake.set()

    def start(self, poll_seconds: float = 5.0) -> None:
        self._task = asyncio.create_task(self._serve(poll_seconds))

    async def stop(self) -> None:
        """Claim nothing more; let the batch in flight settle within the shutdown grace.

        A batch cut short stays leased and is sent again when its lease runs out."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, self.settings.shutdown_grace_seconds)
            except TimeoutError:
                log.warning("in-flight sends did not finish in time; their leases will expire")
            except Exception:
                pass  # already logged by _serve
            self._task = None

    async def _serve(self, poll_seconds: float) -> None:
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), poll_seconds)
            self._wake.clear()
            try:
                await self.drain()
            except Exception:
                log.exception("dispatch failed; retrying at the next poll")


def _outcome(result: SendResult | BaseException) -> tuple[str | None, str | None]:
    if isinstance(result, BaseException):
        return f"{type(result).__name__}: {result}"[:500], None
    return None, result.external_id


def _of_type(settled: Settled, resource_type: str) -> Settled:
    def keep(rows: list[Notification]) -> list[Notification]:
        return [n for n in rows if n.resource_type == resource_type]

    return Settled(keep(settled.sent), keep(settled.failed), keep(settled.suppressed))
