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
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.db import Database
from restock.events import AddressSuppressed, EventName, record
from restock.kit.crypto import erased_key, sign
from restock.kit.tasks import all_or_none
from restock.kit.time import utcnow
from restock.metrics import metrics
from restock.models import Notification, SuppressionReason
from restock.notifications import repository
from restock.notifications.outcomes import (
    Outcome,
    Report,
    RetryPolicy,
    Settled,
    Verdict,
    decide,
    outcome_of,
)
from restock.notifications.providers import (
    BatchProvider,
    Message,
    Provider,
    SendResult,
    provider_from,
)
from restock.notifications.providers.base import Undeliverable
from restock.notifications.templates import render

log = logging.getLogger(__name__)
UNSUBSCRIBE = "unsubscribe"
ASKS_CONSENT = "asks_consent"  # in a notification's data: a request for the address's consent
RUNS_IN_FLIGHT = 3


OutcomeHook = Callable[[Any, Settled], Awaitable[None]]


@dataclass(frozen=True)
class Attempt:
    """What one attempt came to: nothing yet (not sent), an error, or the provider's id."""

    error: str | None = None
    external_id: str | None = None
    undeliverable: bool = False  # refused for good: suppress the address, never retry


def unsubscribe_url(settings: Settings, email: str) -> str:
    token = sign(settings.link_secret, UNSUBSCRIBE, email.lower())
    return f"{settings.public_url.rstrip('/')}/unsubscribe/{token}"


def _price(prices: list[dict[str, Any]], currency: str | None) -> str | None:
    """The variant's price to show: in the channel's currency, or its only one; else none."""
    if currency is not None:
        prices = [p for p in prices if str(p.get("currency_code", "")).lower() == currency.lower()]
    if len({str(p.get("currency_code")).lower() for p in prices}) != 1:
        return None
    return f"{float(prices[0]['amount']):.2f} {str(prices[0]['currency_code']).upper()}"


def compose(settings: Settings, notification: Notification) -> Message:
    data = notification.data or {}
    variant = data.get("variant") or {}
    product = variant.get("product") or {}
    channel = str(data.get("sales_channel_id") or "")
    unsubscribe = unsubscribe_url(settings, notification.to)
    link = settings.storefront_urls.get(channel, settings.storefront_url)
    context = {
        "variant": variant,
        "product": product,
        "variant_url": link.format(
            handle=product.get("handle", ""),
            variant_id=variant.get("id", ""),
            sales_channel_id=channel,
        ),
        "price": _price(variant.get("prices") or [], settings.channel_currencies.get(channel)),
        "unsubscribe_url": unsubscribe,
        "data": data,
    }
    template = notification.template or "variant-restock"
    rendered = render(template, context, settings.templates_dir, data.get("locale"))
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


async def suppress_address(
    session: AsyncSession,
    email_key: str,
    reason: SuppressionReason = SuppressionReason.UNSUBSCRIBED,
    detail: str | None = None,
) -> None:
    """Send nothing more to the address, including notifications already queued; once
    committed, what waits for the address is cancelled (the event). An erased address that
    unsubscribed stays so under its digest: it is not written again. Every suppression goes
    through here: an unsubscribe, a provider's report, a mail server's refusal."""
    if await repository.suppression_of(session, erased_key(email_key)) is None:
        await repository.suppress(session, email_key, utcnow(), reason, detail)
    record(session, EventName.ADDRESS_SUPPRESSED, AddressSuppressed(email_key))


def _blocked(notification: Notification, suppression: str | None) -> bool:
    """Whether a suppression keeps the notification from its address: every one does, but an
    unsubscribed address may still be asked for its consent (its way back)."""
    if suppression is None:
        return False
    asks = bool((notification.data or {}).get(ASKS_CONSENT))
    return not (asks and suppression == SuppressionReason.UNSUBSCRIBED)


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
        if isinstance(self.provider, BatchProvider):
            self._runs, self._claim = 1, settings.notification_batch_size
        else:
            self._runs, self._claim = RUNS_IN_FLIGHT, settings.dispatch_concurrency
        self._limit = asyncio.Semaphore(settings.dispatch_concurrency)
        self._retry = RetryPolicy(
            settings.notification_max_attempts, settings.notification_retry_seconds
        )
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
            reasons = await repository.suppression_reasons(session, {n.to.lower() for n in claimed})
        if not claimed:
            return Report()
        suppressed = {n.id for n in claimed if _blocked(n, reasons.get(n.to.lower()))}
        sendable = [n for n in claimed if n.id not in suppressed]
        results = dict(zip((n.id for n in sendable), await self._send_all(sendable), strict=True))
        done = utcnow()
        outcomes = []
        for notification in claimed:
            attempt = results.get(notification.id, Attempt())
            decision = decide(
                suppressed=notification.id in suppressed,
                error=attempt.error,
                attempts=notification.attempts,
                policy=self._retry,
                undeliverable=attempt.undeliverable,
            )
            outcomes.append(
                outcome_of(notification, decision, attempt.error, attempt.external_id, done)
            )
        async with self.database.transaction() as session:
            await repository.settle(session, outcomes, done)
            for outcome in outcomes:
                if outcome.verdict is Verdict.BOUNCED:
                    await suppress_address(
                        session,
                        outcome.notification.to.lower(),
                        SuppressionReason.BOUNCED,
                        outcome.error,
                    )
            for resource_type, hook in self.hooks.items():
                await hook(session, Settled.of(outcomes, resource_type))
        report = Report.of(outcomes)
        self._observe(report, outcomes, done)
        return report

    def _observe(self, report: Report, outcomes: list[Outcome], done: datetime) -> None:
        """A log line per send, and the metrics, once the outcomes are committed."""
        for outcome in outcomes:
            notification_id = outcome.notification.id
            fields = {
                "notification_id": notification_id,
                "provider": self.provider.id,
                "status": outcome.status.value,
                "error": outcome.error,
            }
            log.info(
                "notification %s: %s", notification_id, outcome.status, extra={"fields": fields}
            )
        measured = metrics()
        for verdict in Verdict:
            count = getattr(report, verdict.value)
            measured.notifications.labels(self.provider.id, verdict.value).inc(count)
        for outcome in outcomes:
            if outcome.verdict is Verdict.SENT:
                since = done - outcome.notification.created_at
                measured.restock_to_send_seconds.observe(since.total_seconds())

    async def _send_all(self, rows: list[Notification]) -> list[Attempt]:
        if not isinstance(self.provider, BatchProvider):
            return list(await asyncio.gather(*(self._send(n) for n in rows)))
        composed: list[Message | BaseException] = []
        for row in rows:
            try:
                composed.append(compose(self.settings, row))
            except Exception as error:
                composed.append(error)
        messages = [m for m in composed if isinstance(m, Message)]
        sent = iter(await self.provider.send_many(messages) if messages else [])
        return [
            _result(item if isinstance(item, BaseException) else next(sent)) for item in composed
        ]

    async def _send(self, notification: Notification) -> Attempt:
        """An error is kept on the row and retried, unless the address is undeliverable."""
        async with self._limit:
            try:
                result = await self.provider.send(compose(self.settings, notification))
            except Exception as error:
                log.warning("sending notification %s failed: %r", notification.id, error)
                return _result(error)
            return _result(result)

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


def _result(result: SendResult | BaseException) -> Attempt:
    if isinstance(result, BaseException):
        error = f"{type(result).__name__}: {result}"[:500]
        return Attempt(error, undeliverable=isinstance(result, Undeliverable))
    return Attempt(external_id=result.external_id)
