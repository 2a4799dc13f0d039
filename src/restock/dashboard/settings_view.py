"""The settings page's rows: what the service runs with, secrets left out."""

from restock.config import Settings

SECTIONS: dict[str, tuple[str, ...]] = {
    "Delivery": (
        "notification_provider",
        "notification_from",
        "notification_max_attempts",
        "notification_retry_seconds",
        "notification_batch_size",
        "dispatch_concurrency",
        "smtp_host",
        "smtp_port",
        "sendgrid_base_url",
        "webhook_url",
    ),
    "Schedule and thresholds": (
        "cron",
        "demand_cron",
        "scheduler_enabled",
        "inventory_required",
        "notifications_per_unit",
        "trigger_delay_ms",
        "recheck_delay_ms",
    ),
    "Limits": (
        "rate_limits_enabled",
        "rate_limit_per_ip",
        "rate_limit_per_email",
        "rate_limit_auth_per_ip",
        "rate_limit_auth_per_identity",
        "max_live_subscriptions_per_email",
        "max_body_bytes",
    ),
    "Links": ("public_url", "storefront_url", "templates_dir"),
    "Browsers": ("store_cors", "admin_cors", "auth_cors"),
    "Medusa mirror": ("medusa_url", "medusa_sync_seconds", "medusa_page_size"),
    "Process": ("env", "role", "redis_url", "trusted_proxies"),
}


def settings_rows(settings: Settings) -> dict[str, list[tuple[str, str]]]:
    """Per section, each setting's variable name and value. Secrets (passwords, keys, the JWT
    secret) and the database URL, which may hold a password, are not among them."""
    return {
        section: [(f"RESTOCK_{name.upper()}", _shown(getattr(settings, name))) for name in names]
        for section, names in SECTIONS.items()
    }


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(not set)"
    text = str(value)
    if "://" in text and "@" in text.split("://", 1)[1]:  # credentials in a URL (Redis)
        scheme, rest = text.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return text
