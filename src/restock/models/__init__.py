"""Every table, imported in one place so Alembic and the repositories see the same metadata."""

from restock.models.api_key import ApiKey, ApiKeySalesChannel
from restock.models.auth_identity import AuthIdentity
from restock.models.base import Base
from restock.models.customer import Customer
from restock.models.inventory_item import InventoryItem
from restock.models.inventory_level import InventoryLevel
from restock.models.job_run import JobRun
from restock.models.medusa_mirror import MedusaMirror
from restock.models.notification import Notification, NotificationStatus
from restock.models.price import Price
from restock.models.product import Product
from restock.models.product_option import ProductOption, ProductOptionValue
from restock.models.product_sales_channel import ProductSalesChannel
from restock.models.product_variant import ProductVariant, ProductVariantOption
from restock.models.reservation_item import ReservationItem
from restock.models.restock_check_pair import RestockCheckPair
from restock.models.restock_demand import RestockDemand
from restock.models.restock_subscription import RestockSubscription, SubscriptionStatus
from restock.models.sales_channel import SalesChannel
from restock.models.sales_channel_stock_location import SalesChannelStockLocation
from restock.models.stock_location import StockLocation
from restock.models.suppression import Suppression, SuppressionReason
from restock.models.user import User
from restock.models.variant_inventory_item import VariantInventoryItem

__all__ = [
    "ApiKey",
    "ApiKeySalesChannel",
    "AuthIdentity",
    "Base",
    "Customer",
    "InventoryItem",
    "InventoryLevel",
    "JobRun",
    "MedusaMirror",
    "Notification",
    "NotificationStatus",
    "Price",
    "Product",
    "ProductOption",
    "ProductOptionValue",
    "ProductSalesChannel",
    "ProductVariant",
    "ProductVariantOption",
    "ReservationItem",
    "RestockCheckPair",
    "RestockDemand",
    "RestockSubscription",
    "SubscriptionStatus",
    "SalesChannel",
    "SalesChannelStockLocation",
    "StockLocation",
    "Suppression",
    "SuppressionReason",
    "User",
    "VariantInventoryItem",
]
