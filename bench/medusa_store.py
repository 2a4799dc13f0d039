"""A synthetic Medusa store for the mirror's benchmark: the admin API's list routes the mirror
reads, answered over real HTTP in the shape a Medusa 2.15 store answers (the contract
fixtures under tests/medusa/fixtures/ show it), for a catalog of any size."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from testbed.json_server import json_server

STAMP = "2026-11-01T00:00:00.000Z"


def _stamped(row_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": row_id, "created_at": STAMP, "updated_at": STAMP, "deleted_at": None, **fields}


@dataclass
class SyntheticStore:
    """`variants` variants, two per product, each with its own inventory item stocked at two
    of three locations; two channels."""

    variants: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    url: str = ""
    requests: int = 0

    def __post_init__(self) -> None:
        channels = [_stamped(f"sc_{n}", name=f"Channel {n}", is_disabled=False) for n in (1, 2)]
        locations = [
            _stamped(f"sloc_{n}", name=f"Hall {n}", sales_channels=[{"id": f"sc_{1 + n % 2}"}])
            for n in range(3)
        ]
        items, products, variants = [], [], []
        for p in range(self.variants // 2):
            product_variants = []
            for v in range(2):
                n = p * 2 + v
                items.append(
                    _stamped(
                        f"iitem_{n:07d}",
                        sku=f"item-{n}",
                        location_levels=[
                            _stamped(
                                f"ilev_{n:07d}_{loc}",
                                location_id=f"sloc_{loc}",
                                stocked_quantity=n % 7,
                                reserved_quantity=0,
                                incoming_quantity=0,
                            )
                            for loc in (n % 3, (n + 1) % 3)
                        ],
                    )
                )
                variant = _stamped(
                    f"variant_{n:07d}",
                    product_id=f"prod_{p:07d}",
                    title="S" if v == 0 else "M",
                    sku=f"sku-{n}",
                    manage_inventory=True,
                    allow_backorder=False,
                    variant_rank=v,
                    options=[{"id": f"optval_{p:07d}_{v}"}],
                    prices=[
                        _stamped(
                            f"price_{n:07d}", currency_code="eur", amount=20 + n % 50, rules={}
                        )
                    ],
                    inventory_items=[
                        {"inventory_item_id": f"iitem_{n:07d}", "required_quantity": 1}
                    ],
                )
                product_variants.append(variant)
                variants.append(variant)
            products.append(
                _stamped(
                    f"prod_{p:07d}",
                    title=f"Product {p}",
                    handle=f"product-{p}",
                    status="published",
                    sales_channels=[{"id": "sc_1"}, {"id": "sc_2"}],
                    options=[
                        {
                            "id": f"opt_{p:07d}",
                            "title": "Size",
                            "values": [
                                {"id": f"optval_{p:07d}_0", "value": "S"},
                                {"id": f"optval_{p:07d}_1", "value": "M"},
                            ],
                        }
                    ],
                    variants=product_variants,
                )
            )
        self.rows = {
            "sales-channels": channels,
            "stock-locations": locations,
            "inventory-items": items,
            "products": products,
            "product-variants": variants,
            "reservations": [],
            "api-keys": [
                _stamped(
                    "apk_1",
                    title="Storefront",
                    token="pk_" + "b" * 64,
                    redacted="pk_bbb***bbb",
                    type="publishable",
                    sales_channels=[{"id": "sc_1"}],
                )
            ],
        }

    def restock(self, n: int, quantity: int) -> None:
        """Medusa's stock of variant `n` at its first location becomes `quantity`."""
        level = self.rows["inventory-items"][n]["location_levels"][0]
        level["stocked_quantity"] = quantity
        level["updated_at"] = "2026-11-02T00:00:00.000Z"

    def answer(self, target: str) -> dict[str, Any]:
        self.requests += 1
        parts = urlsplit(target)
        resource = parts.path.removeprefix("/admin/")
        query = parse_qsl(parts.query)
        params = dict(query)
        rows = self.rows[resource]
        wanted = {value for name, value in query if name == "id"}
        if wanted:
            rows = [r for r in rows if r["id"] in wanted]
        since = params.get("updated_at[$gte]")
        if since:
            rows = [r for r in rows if r["updated_at"] >= since]
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 50))
        page = rows[offset : offset + limit]
        if params.get("fields") == "id":
            page = [{"id": r["id"]} for r in page]
        key = resource.replace("-", "_").replace("product_variants", "variants")
        return {key: page, "count": len(rows), "offset": offset, "limit": limit}


@contextmanager
def serve_store(store: SyntheticStore) -> Iterator[SyntheticStore]:
    with json_server(lambda target, _: (200, store.answer(target))) as url:
        store.url = url
        yield store
