from restock.kit.responses import Out


class DemandOut(Out):
    variant_id: str
    sales_channel_id: str
    waiting: int  # live subscriptions
    waiting_since: str  # the oldest live subscription's creation
    refreshed_at: str  # when these counts were made (every minute, and on request)
    product_id: str | None
    product_title: str | None
    variant_title: str | None
    variant_sku: str | None
    sales_channel_name: str | None


class DemandAnswer(Out):
    demand: list[DemandOut]
    limit: int


class DayOut(Out):
    date: str  # UTC, YYYY-MM-DD
    subscriptions: int  # created that day
    sent: int  # emails the provider accepted that day
    failed: int  # emails that failed for good that day


class DailyAnswer(Out):
    days: list[DayOut]


class SummaryOut(Out):
    live_subscriptions: int
    sent_7d: int
    failed_7d: int
    sent_30d: int
    failed_30d: int
    # From the check that queued an email to the provider accepting it, over the last 30 days.
    median_seconds_to_send: float | None


class SummaryAnswer(Out):
    summary: SummaryOut
