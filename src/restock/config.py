"""The one Settings object. Nothing else in the code base reads the environment."""

import ipaddress
import re
from functools import lru_cache
from typing import Literal

from pydantic import (
    NonNegativeFloat,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from restock.kit.cors import parse_origins

# Long enough for HS256 (PyJWT warns below 32 bytes); refused in production all the same.
DEV_JWT_SECRET = "development-only-jwt-secret-not-for-production"
DEV_ADMIN_PASSWORD = "supersecret"
DEV_LINK_SECRET = "development-only-link-secret-not-for-production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RESTOCK_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./var/restock.db"
    database_pool_size: PositiveInt = 20
    host: str = "127.0.0.1"
    port: PositiveInt = 9000
    jwt_secret: str = DEV_JWT_SECRET
    jwt_expires_in: PositiveInt = 86_400  # seconds; Medusa's default is one day
    # Signs the links in emails (unsubscribe, confirm, claim): a key of its own, so that
    # rotating the JWT secret breaks no link already sent. When it is rotated, the keys it
    # replaced (comma-separated) keep the links of emails already sent working.
    link_secret: str = DEV_LINK_SECRET
    link_old_secrets: str = ""
    admin_email: str = "admin@example.com"
    admin_password: str = DEV_ADMIN_PASSWORD
    max_body_bytes: PositiveInt = 1_048_576
    log_level: str = "info"
    log_format: Literal["text", "json"] = "text"
    # all: one process does everything. api: HTTP only (events go to the workers through
    # Redis). worker: what `restock worker` runs.
    role: Literal["all", "api", "worker"] = "all"
    # A directory shared by the processes of one host, so that /metrics adds them all up.
    metrics_dir: str | None = None
    # On SIGTERM, in-flight sends get this long to finish.
    shutdown_grace_seconds: NonNegativeFloat = 10.0
    redis_url: str | None = None
    # An event read by a process that died is handed to another consumer after this long.
    event_redelivery_seconds: PositiveFloat = 30.0
    # Seconds a process may answer from its cache of publishable keys; a revocation made in
    # another process takes effect within this time. 0 asks the database on every request.
    api_key_cache_seconds: NonNegativeFloat = 5.0
    # Where links in emails point: this service (unsubscribe) and the storefront (the variant).
    # Unset: the address `serve` listens on.
    public_url: str = ""
    storefront_url: str = "http://localhost:8000/products/{handle}?variant_id={variant_id}"
    # Per sales channel (JSON: {"sc_…": "https://…/{handle}"}): the storefront link of that
    # channel's emails, and the currency whose price they show (else the variant's only one).
    storefront_urls: dict[str, str] = {}
    channel_currencies: dict[str, str] = {}
    notification_provider: Literal["log", "smtp", "sendgrid", "webhook"] = "log"
    notification_from: str = "Restock <restock@example.com>"
    notification_max_attempts: PositiveInt = 5
    # The first retry; each next one waits twice as long.
    notification_retry_seconds: NonNegativeFloat = 30.0
    # A claimed send not finished by then is retried.
    notification_lease_seconds: PositiveFloat = 120.0
    notification_batch_size: PositiveInt = 500
    dispatcher_enabled: bool = True  # the in-process dispatcher; off for API-only processes
    dispatch_poll_seconds: PositiveFloat = 5.0  # how often the dispatcher looks for due retries
    dispatch_concurrency: PositiveInt = 20  # sends in flight per process
    templates_dir: str | None = None
    cron: str = "0 0 * * *"  # the scheduled restock check (UTC); the guide's daily midnight
    # When the demand report's counts are made again (one pass over the live subscriptions).
    demand_cron: str = "* * * * *"
    scheduler_enabled: bool = True
    # Fair release: with k > 0, a check tells at most k x availability subscribers of a pair,
    # oldest first; the others wait for the next check. 0 tells everyone at once.
    notifications_per_unit: NonNegativeInt = 0
    # Restocked means available above this, as the v1 plugin's option.
    inventory_required: NonNegativeInt = 0
    trigger_delay_ms: NonNegativeInt = 0
    # A new subscription's variant is checked again this much later.
    recheck_delay_ms: NonNegativeInt = 500
    smtp_host: str = "127.0.0.1"
    smtp_port: PositiveInt = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_tls: bool = False
    smtp_timeout: PositiveFloat = 10.0
    sendgrid_api_key: str | None = None
    sendgrid_base_url: str = "https://api.sendgrid.com"
    webhook_url: str | None = None
    webhook_secret: str | None = None
    # Inbound: SendGrid's Event Webhook verification key (base64, from its settings), and the
    # shared secret of POST /hooks/bounces; unset, the route is not served.
    sendgrid_webhook_public_key: str | None = None
    bounce_webhook_secret: str | None = None
    http_timeout: PositiveFloat = 10.0
    rate_limits_enabled: bool = True
    rate_limit_per_ip: str = "30/minute"
    rate_limit_per_email: str = "10/hour"
    rate_limit_auth_per_ip: str = "30/minute"
    rate_limit_auth_per_identity: str = "10/minute"
    max_live_subscriptions_per_email: PositiveInt = 100
    # The language of emails when neither the subscription nor the shopper's browser names one
    # that has templates.
    default_locale: str = "en"
    # Double opt-in: a guest's subscription waits for the address's owner to confirm it from an
    # emailed link, valid this many hours; unconfirmed ones are never notified, then purged.
    double_opt_in: bool = False
    confirm_ttl_hours: PositiveInt = 48
    # History (notified and cancelled subscriptions, settled notifications) older than this is
    # deleted every night; 0 keeps it forever.
    retention_days: NonNegativeInt = 365
    # Waiting subscriptions older than this are cancelled; 0: they wait forever.
    subscription_ttl_days: NonNegativeInt = 0
    keep_alive_seconds: PositiveInt = 5
    # A Medusa v2 store whose catalog and stock Restock mirrors (docs/medusa.md): its URL and a
    # secret API key. Set, Restock's own catalog routes refuse writes.
    medusa_url: str | None = None
    medusa_secret_key: str | None = None
    medusa_sync_seconds: PositiveFloat = 10.0  # between pulls of what changed
    medusa_page_size: PositiveInt = 200
    # The shared secret that signs POST /hooks/medusa; unset, the route is not served.
    medusa_webhook_secret: str | None = None
    # Whose X-Forwarded-For is believed: IPs and CIDRs, comma-separated ("" believes nobody).
    trusted_proxies: str = "127.0.0.1,::1"
    # Password hashing (argon2) runs in this many threads, off the event loop.
    password_threads: PositiveInt = 2
    # Origins allowed to call each part of the API from a browser, as Medusa's STORE_CORS,
    # ADMIN_CORS and AUTH_CORS: comma-separated origins, or regular expressions between
    # slashes (`/https://.*\.example\.com/`), each matched against the whole origin.
    store_cors: str = ""
    admin_cors: str = ""
    auth_cors: str = ""
    # None: on in development and test, off in production.
    docs_enabled: bool | None = None
    metrics_enabled: bool | None = None

    @field_validator("store_cors", "admin_cors", "auth_cors")
    @classmethod
    def _origins(cls, value: str) -> str:
        try:
            parse_origins(value)
        except re.error as error:
            raise ValueError(f"not a regular expression between slashes: {error}") from None
        return value

    @field_validator("storefront_url")
    @classmethod
    def _link_pattern(cls, value: str) -> str:
        _check_pattern(value)
        return value

    @field_validator("storefront_urls")
    @classmethod
    def _link_patterns(cls, value: dict[str, str]) -> dict[str, str]:
        for pattern in value.values():
            _check_pattern(pattern)
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        for entry in value.split(","):
            if entry.strip():
                ipaddress.ip_network(entry.strip(), strict=False)  # ValueError names it
        return value

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> "Settings":
        if not self.public_url:
            self.public_url = f"http://{_reachable(self.host)}:{self.port}"
        if self.env == "production":
            if self.jwt_secret == DEV_JWT_SECRET:
                raise ValueError("RESTOCK_JWT_SECRET must be set in production")
            if len(self.jwt_secret) < 32:
                raise ValueError("RESTOCK_JWT_SECRET must be at least 32 characters in production")
            if len(set(self.jwt_secret.strip())) < 8:
                raise ValueError(
                    "RESTOCK_JWT_SECRET must be random: it is blank or repeats a few characters"
                )
        if bool(self.medusa_url) != bool(self.medusa_secret_key):
            raise ValueError("RESTOCK_MEDUSA_URL and RESTOCK_MEDUSA_SECRET_KEY go together")
        if self.medusa_url and not re.match(r"https?://[^/\s]+", self.medusa_url):
            raise ValueError("RESTOCK_MEDUSA_URL must be an http:// or https:// URL")
        hook_secret = self.medusa_webhook_secret
        if self.env == "production" and hook_secret is not None and len(hook_secret) < 32:
            raise ValueError(
                "RESTOCK_MEDUSA_WEBHOOK_SECRET must be at least 32 characters in production"
            )
        if self.env == "production" and (
            self.link_secret == DEV_LINK_SECRET or len(self.link_secret) < 32
        ):
            raise ValueError(
                "RESTOCK_LINK_SECRET must be set in production, at least 32 characters (to keep "
                "links of emails already sent working, add the key that signed them to "
                "RESTOCK_LINK_OLD_SECRETS)"
            )
        if self.role == "api" and not self.redis_url:
            raise ValueError("RESTOCK_ROLE=api needs RESTOCK_REDIS_URL: its events go to workers")
        if self.notification_provider == "sendgrid" and not self.sendgrid_api_key:
            raise ValueError("RESTOCK_SENDGRID_API_KEY is required by the sendgrid provider")
        if self.notification_provider == "webhook" and not (
            self.webhook_url and self.webhook_secret
        ):
            raise ValueError(
                "RESTOCK_WEBHOOK_URL and RESTOCK_WEBHOOK_SECRET are required by "
                "the webhook provider"
            )
        return self

    @property
    def link_secrets(self) -> list[str]:
        """The key that signs links, then those that signed links still in people's inboxes."""
        old = [key.strip() for key in self.link_old_secrets.split(",") if key.strip()]
        return [self.link_secret, *old]

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [entry.strip() for entry in self.trusted_proxies.split(",") if entry.strip()]

    @property
    def shows_docs(self) -> bool:
        return self.docs_enabled if self.docs_enabled is not None else self.env != "production"

    @property
    def shows_metrics(self) -> bool:
        if self.metrics_enabled is not None:
            return self.metrics_enabled
        return self.env != "production"

    @property
    def mirrors_medusa(self) -> bool:
        return bool(self.medusa_url)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


LINK_FIELDS = ("handle", "variant_id", "sales_channel_id")


def _check_pattern(pattern: str) -> None:
    try:
        pattern.format(**dict.fromkeys(LINK_FIELDS, ""))
    except (KeyError, IndexError, ValueError) as error:
        raise ValueError(
            f"a storefront link may use {{handle}}, {{variant_id}} and {{sales_channel_id}} "
            f"only ({error!r} in {pattern!r})"
        ) from None


def _reachable(host: str) -> str:
    """A host to put in links for a server bound to `host`: an unspecified address (any
    interface) is reached on this machine as localhost."""
    if host in ("0.0.0.0", "::", ""):
        return "localhost"
    return f"[{host}]" if ":" in host else host


@lru_cache
def get_settings() -> Settings:
    return Settings()


def problems(error: ValidationError) -> list[str]:
    """What is wrong with the settings, one line per problem, each naming its variable."""
    lines = []
    for problem in error.errors():
        if problem["loc"]:  # one variable
            name = f"RESTOCK_{str(problem['loc'][0]).upper()}"
            lines.append(f"{name}: {problem['msg']} (got {problem['input']!r})")
        else:  # variables that do not go together: the message names them
            lines.append(problem["msg"].removeprefix("Value error, "))
    return lines
