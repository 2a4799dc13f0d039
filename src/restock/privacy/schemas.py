from restock.customers.schemas import CustomerOut
from restock.kit.responses import Out
from restock.kit.schema import Body
from restock.notifications.schemas import NotificationOut, SuppressionOut
from restock.subscriptions.schemas import SubscriptionOut


class AddressBody(Body):
    email: str


class ExportOut(Out):
    email: str  # as matched: lower-cased
    customers: list[CustomerOut]  # the address's customer records, with an account or not
    subscriptions: list[SubscriptionOut]  # history included
    notifications: list[NotificationOut]  # each with the email as rendered
    suppression: SuppressionOut | None


class ExportAnswer(Out):
    privacy_export: ExportOut


class ErasedOut(Out):
    email: str
    subscriptions: int  # rows kept under the address's digest, the address taken out
    notifications: int
    suppressed: bool  # whether it stays unsubscribed (under its digest)
    customers: int  # customer records (and the shopper sign-in) of the address, deleted


class ErasedAnswer(Out):
    privacy_erasure: ErasedOut
