"""Prometheus metrics, served at /metrics.

With RESTOCK_METRICS_DIR set, every process of a host (API processes and workers) writes its
samples to files there, prometheus-client's multiprocess mode, and /metrics on any API process
adds them up. prometheus-client decides the mode when it is imported, hence the environment
variable is set before the import.
"""

import os

from restock.config import get_settings

_METRICS_DIR = get_settings().metrics_dir
if _METRICS_DIR:
    os.makedirs(_METRICS_DIR, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _METRICS_DIR

from prometheus_client import (  # noqa: E402
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from restock.events.types import Event, EventName  # noqa: E402

HTTP_REQUESTS = Counter(
    "restock_http_requests", "HTTP requests answered.", ["method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "restock_http_request_seconds", "Time to answer an HTTP request.", ["method", "route"]
)
SUBSCRIPTIONS = Counter(
    "restock_subscriptions",
    "Restock subscriptions created, and cancelled by their owner or an admin.",
    ["change"],
)
DETECTION_SECONDS = Histogram(
    "restock_detection_seconds",
    "Restock checks (detection and claim) and how long they took.",
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
NOTIFICATIONS = Counter(
    "restock_notifications",
    "Notification attempts by outcome: sent, retried, failed (for good), suppressed.",
    ["provider", "outcome"],
)
RESTOCK_TO_SEND_SECONDS = Histogram(
    "restock_restock_to_send_seconds",
    "From the check that found a restock to the provider accepting the email.",
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 86_400),
)
OUTBOX_PENDING = Gauge(
    "restock_outbox_pending",
    "Notifications waiting to be sent (read from the database at scrape time).",
    multiprocess_mode="mostrecent",
)

_SUBSCRIPTION_CHANGES = {
    EventName.RESTOCK_SUBSCRIPTION_CREATED: "created",
    EventName.RESTOCK_SUBSCRIPTION_DELETED: "cancelled",
}


def count_committed(events: list[Event]) -> None:
    for event in events:
        change = _SUBSCRIPTION_CHANGES.get(event.name)
        if change is not None:
            SUBSCRIPTIONS.labels(change).inc()


def exposition() -> tuple[bytes, str]:
    """The text format, summed over the host's processes in multiprocess mode."""
    if _METRICS_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
