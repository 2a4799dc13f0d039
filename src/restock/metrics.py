"""Prometheus metrics, served at /metrics.

With RESTOCK_METRICS_DIR set, every process of a host (API processes and workers) writes its
samples to files there, prometheus-client's multiprocess mode, and /metrics on any API process
adds them up. prometheus-client decides the mode when it is first imported, so the metrics are
made, and prometheus-client imported, on first use, after the settings are read.
"""

import os
from dataclasses import dataclass
from functools import cache
from typing import Any

from restock.config import get_settings
from restock.events.types import Event, EventName

_SUBSCRIPTION_CHANGES = {
    EventName.RESTOCK_SUBSCRIPTION_CREATED: "created",
    EventName.RESTOCK_SUBSCRIPTION_DELETED: "cancelled",
}


@dataclass(frozen=True)
class Metrics:
    http_requests: Any
    http_seconds: Any
    subscriptions: Any
    detection_seconds: Any
    notifications: Any
    restock_to_send_seconds: Any
    outbox_pending: Any
    medusa_lag_seconds: Any


@cache
def metrics() -> Metrics:
    directory = get_settings().metrics_dir
    if directory:
        os.makedirs(directory, exist_ok=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
    from prometheus_client import Counter, Gauge, Histogram

    return Metrics(
        http_requests=Counter(
            "restock_http_requests", "HTTP requests answered.", ["method", "route", "status"]
        ),
        http_seconds=Histogram(
            "restock_http_request_seconds", "Time to answer an HTTP request.", ["method", "route"]
        ),
        subscriptions=Counter(
            "restock_subscriptions",
            "Restock subscriptions created, and cancelled by their owner or an admin.",
            ["change"],
        ),
        detection_seconds=Histogram(
            "restock_detection_seconds",
            "Restock checks (detection and claim) and how long they took.",
            buckets=(0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
        ),
        notifications=Counter(
            "restock_notifications",
            "Notification attempts by outcome: sent, retried, failed (for good), suppressed.",
            ["provider", "outcome"],
        ),
        restock_to_send_seconds=Histogram(
            "restock_restock_to_send_seconds",
            "From the check that found a restock to the provider accepting the email.",
            buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 86_400),
        ),
        outbox_pending=Gauge(
            "restock_outbox_pending",
            "Notifications waiting to be sent (read from the database at scrape time).",
            multiprocess_mode="mostrecent",
        ),
        medusa_lag_seconds=Gauge(
            "restock_medusa_lag_seconds",
            "Seconds since the Medusa resource pulled longest ago was last pulled in full "
            "(read from the database at scrape time; NaN before the first import).",
            multiprocess_mode="mostrecent",
        ),
    )


def count_committed(events: list[Event]) -> None:
    for event in events:
        change = _SUBSCRIPTION_CHANGES.get(event.name)
        if change is not None:
            metrics().subscriptions.labels(change).inc()


def exposition() -> tuple[bytes, str]:
    """The text format, summed over the host's processes in multiprocess mode."""
    metrics()
    from prometheus_client import (
        CONTENT_TYPE_LATEST,
        CollectorRegistry,
        generate_latest,
        multiprocess,
    )

    if get_settings().metrics_dir:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
