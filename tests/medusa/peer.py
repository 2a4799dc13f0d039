"""Drives a real Medusa v2 store through its admin API: builds the small catalog the contract
fixtures are recorded from, and makes the changes that the incremental pulls then see.

Used by `tests/medusa/record.py` (which writes the fixtures) and by the opt-in live test."""

from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class Catalog:
    """The ids of what `build_catalog` made, by the names the tests use."""

    channels: dict[str, str] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)
    items: dict[str, str] = field(default_factory=dict)
    products: dict[str, str] = field(default_factory=dict)
    variants: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    reservations: dict[str, str] = field(default_factory=dict)


class MedusaAdmin:
    """An admin session on a Medusa store (a JWT from the email and password login)."""

    def __init__(self, url: str, email: str, password: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)
        answer = self.http.post("/auth/user/emailpass", json={"email": email, "password": password})
        answer.raise_for_status()
        self.http.headers["authorization"] = f"Bearer {answer.json()['token']}"

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        answer = self.http.request(method, path, json=body)
        if answer.is_error:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text}")
        return answer.json() if answer.content else None

    def secret_key(self, title: str) -> str:
        return str(
            self.call("POST", "/admin/api-keys", {"title": title, "type": "secret"})["api_key"][
                "token"
            ]
        )

    def default_channel(self) -> str:
        return str(self.call("GET", "/admin/stores")["stores"][0]["default_sales_channel_id"])

    def channel(self, name: str) -> str:
        return str(
            self.call("POST", "/admin/sales-channels", {"name": name})["sales_channel"]["id"]
        )

    def location(self, name: str, channels: list[str]) -> str:
        body = {"name": name, "address": {"address_1": f"{name} 1", "country_code": "de"}}
        location_id = str(self.call("POST", "/admin/stock-locations", body)["stock_location"]["id"])
        self.call("POST", f"/admin/stock-locations/{location_id}/sales-channels", {"add": channels})
        return location_id

    def item(self, sku: str, levels: dict[str, int]) -> str:
        item_id = str(
            self.call("POST", "/admin/inventory-items", {"sku": sku, "title": sku})[
                "inventory_item"
            ]["id"]
        )
        for location_id, quantity in levels.items():
            self.call(
                "POST",
                f"/admin/inventory-items/{item_id}/location-levels",
                {"location_id": location_id, "stocked_quantity": quantity},
            )
        return item_id

    def set_stock(self, item_id: str, location_id: str, quantity: int) -> None:
        self.call(
            "POST",
            f"/admin/inventory-items/{item_id}/location-levels/{location_id}",
            {"stocked_quantity": quantity},
        )

    def product(self, body: dict[str, Any]) -> dict[str, Any]:
        return dict(self.call("POST", "/admin/products", body)["product"])

    def publishable_key(self, title: str, channels: list[str]) -> dict[str, Any]:
        key = self.call("POST", "/admin/api-keys", {"title": title, "type": "publishable"})
        key_id = key["api_key"]["id"]
        self.call("POST", f"/admin/api-keys/{key_id}/sales-channels", {"add": channels})
        return dict(key["api_key"])


def _variant(title: str, sku: str, euros: int, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "sku": sku,
        "options": {"Size": title},
        "prices": [{"currency_code": "eur", "amount": euros}],
        **extra,
    }


def build_catalog(admin: MedusaAdmin, tag: str) -> Catalog:
    """Two channels, three locations, a kit of two items, an unmanaged and a backorderable
    variant, a reservation, a revoked key and a product that is deleted. `tag` keeps handles
    and SKUs apart when the same store is used twice."""
    made = Catalog()
    web = made.channels["web"] = admin.default_channel()
    outlet = made.channels["outlet"] = admin.channel(f"Outlet {tag}")
    made.locations["berlin"] = admin.location(f"Berlin {tag}", [web])
    made.locations["hamburg"] = admin.location(f"Hamburg {tag}", [web, outlet])
    made.locations["munich"] = admin.location(f"Munich {tag}", [outlet])
    berlin, hamburg = made.locations["berlin"], made.locations["hamburg"]
    made.items["boot"] = admin.item(f"boot-{tag}", {berlin: 0, hamburg: 0})
    made.items["lace"] = admin.item(f"lace-{tag}", {berlin: 10})
    made.items["tee-s"] = admin.item(f"tee-s-{tag}", {berlin: 0, hamburg: 3})
    channels = [{"id": web}, {"id": outlet}]
    kit_items = [
        {"inventory_item_id": made.items["boot"], "required_quantity": 2},
        {"inventory_item_id": made.items["lace"], "required_quantity": 1},
    ]
    tee = admin.product(
        {
            "title": f"Tee {tag}",
            "handle": f"tee-{tag}",
            "status": "published",
            "thumbnail": "https://images.example.com/tee.png",
            "options": [{"title": "Size", "values": ["S", "M"]}],
            "sales_channels": channels,
            "variants": [
                _variant(
                    "S",
                    f"tee-s-v-{tag}",
                    20,
                    inventory_items=[
                        {"inventory_item_id": made.items["tee-s"], "required_quantity": 1}
                    ],
                ),
                _variant("M", f"tee-m-v-{tag}", 20, manage_inventory=False),
            ],
        }
    )
    made.products["tee"] = tee["id"]
    by_sku = {v["sku"]: v["id"] for v in tee["variants"]}
    made.variants["tee-s"], made.variants["tee-m"] = (
        by_sku[f"tee-s-v-{tag}"],
        by_sku[f"tee-m-v-{tag}"],
    )
    one_size = (
        ("kit", "Boot kit", "boot-kit", [web], "42", 120, {"inventory_items": kit_items}),
        ("preorder", "Preorder", "preorder", [outlet], "One", 50, {"allow_backorder": True}),
        ("gone", "Gone", "gone", [web], "One", 5, {"manage_inventory": False}),
    )
    for name, title, handle, sold_in, size, euros, extra in one_size:
        product = admin.product(
            {
                "title": f"{title} {tag}",
                "handle": f"{handle}-{tag}",
                "status": "published",
                "options": [{"title": "Size", "values": [size]}],
                "sales_channels": [{"id": c} for c in sold_in],
                "variants": [_variant(size, f"{handle}-{size}-{tag}", euros, **extra)],
            }
        )
        made.products[name], made.variants[name] = product["id"], product["variants"][0]["id"]
    reservation = admin.call(
        "POST",
        "/admin/reservations",
        {
            "inventory_item_id": made.items["tee-s"],
            "location_id": hamburg,
            "quantity": 1,
            "description": "held for an order",
        },
    )
    made.reservations["tee-s"] = reservation["reservation"]["id"]
    for name, key_channels in (("shop", [web, outlet]), ("old", [web])):
        key = admin.publishable_key(f"{name} {tag}", key_channels)
        made.keys[name], made.tokens[name] = key["id"], key["token"]
    admin.call("POST", f"/admin/api-keys/{made.keys['old']}/revoke", {})
    return made


def change_catalog(admin: MedusaAdmin, made: Catalog) -> None:
    """What happens in the store between two pulls: the kit's boots come back, the
    reservation is released, a product is deleted, a variant is renamed."""
    admin.set_stock(made.items["boot"], made.locations["berlin"], 4)
    admin.call("DELETE", f"/admin/reservations/{made.reservations['tee-s']}")
    admin.call("DELETE", f"/admin/products/{made.products['gone']}")
    admin.call(
        "POST",
        f"/admin/products/{made.products['tee']}/variants/{made.variants['tee-m']}",
        {"title": "M (new cut)"},
    )
