"""The mirror of a Medusa store: a full import (`restock medusa sync`), pulls of what changed
(every RESTOCK_MEDUSA_SYNC_SECONDS on the scheduler), and pulls of what a hook names.

Every page is one transaction, which also records where a full import resumes and, as one
event, what the page changed for the restock check. After its pages, a resource is swept:
rows Medusa no longer lists are deleted, once Medusa confirms by id that they are gone (a row
deleted while the pages were read moves the others between pages)."""

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from restock.config import Settings
from restock.db import Database
from restock.kit.time import utcnow
from restock.medusa import apply, repository
from restock.medusa.client import MedusaClient

log = logging.getLogger(__name__)
Writer = Callable[[AsyncSession, list[dict[str, Any]]], Awaitable[apply.Changes]]
Remover = Callable[[AsyncSession, Iterable[str]], Awaitable[None]]
Params = tuple[tuple[str, str], ...]
_ID_PAGE = 1000  # ids per page when only ids are read
_ID_FILTER = 100  # ids asked for by name in one request
_REMEMBERED = 10_000  # page digests kept per resource
# The resources whose pages hold the rows a hook's reads write.
_SHARING = {"inventory_items": ("inventory_items",), "products": ("products", "variants")}

_STAMPS = "created_at,updated_at"
_VARIANT = (
    "id,product_id,title,sku,barcode,ean,upc,manage_inventory,allow_backorder,variant_rank,"
    f"metadata,{_STAMPS}"
)
_VARIANT_LINKS = (
    "prices.id,prices.currency_code,prices.amount,prices.rules,prices.min_quantity,"
    "prices.max_quantity,prices.created_at,prices.updated_at,"
    "inventory_items.inventory_item_id,inventory_items.required_quantity"
)


def _nested(prefix: str, fields: str) -> str:
    return ",".join(f"{prefix}.{name}" for name in fields.split(","))


@dataclass(frozen=True)
class Resource:
    name: str
    path: str
    key: str
    fields: str
    write: Writer
    table: Table
    params: Params = ()
    by_id: bool = True  # Medusa filters this list by `id`
    held: tuple[Any, ...] = ()  # which local rows are the mirror's
    remover: Remover | None = None  # rows that take more with them than their table's rows

    async def remove(self, session: AsyncSession, ids: Iterable[str]) -> None:
        if self.remover is not None:
            await self.remover(session, ids)
        else:
            await repository.remove(session, self.table, ids)

    def query(self, *extra: tuple[str, str]) -> list[tuple[str, str]]:
        return [("order", "id"), *self.params, *extra, ("fields", self.fields)]


CHANNELS = Resource(
    "sales_channels",
    "/admin/sales-channels",
    "sales_channels",
    f"id,name,description,is_disabled,metadata,{_STAMPS}",
    apply.channels,
    apply.CHANNEL,
)
LOCATIONS = Resource(
    "stock_locations",
    "/admin/stock-locations",
    "stock_locations",
    f"id,name,metadata,{_STAMPS},*address,sales_channels.id",
    apply.locations,
    apply.LOCATION,
)
ITEMS = Resource(
    "inventory_items",
    "/admin/inventory-items",
    "inventory_items",
    f"id,sku,title,description,requires_shipping,metadata,{_STAMPS},"
    + _nested(
        "location_levels",
        f"id,location_id,stocked_quantity,reserved_quantity,incoming_quantity,{_STAMPS}",
    ),
    apply.items,
    apply.ITEM,
)
PRODUCTS = Resource(
    "products",
    "/admin/products",
    "products",
    f"id,title,handle,subtitle,description,status,thumbnail,metadata,{_STAMPS},deleted_at,"
    "sales_channels.id,options.id,options.title,options.values.id,options.values.value,"
    f"{_nested('variants', _VARIANT)},{_nested('variants', _VARIANT_LINKS)},variants.options.id",
    apply.products,
    apply.PRODUCT,
    remover=apply.remove_products,
)
VARIANTS = Resource(
    "variants",
    "/admin/product-variants",
    "variants",
    f"{_VARIANT},{_VARIANT_LINKS}",
    apply.variants,
    apply.VARIANT,
    remover=apply.remove_variants,
)
RESERVATIONS = Resource(
    "reservations",
    "/admin/reservations",
    "reservations",
    f"id,inventory_item_id,location_id,quantity,line_item_id,description,metadata,{_STAMPS}",
    apply.reservations,
    apply.RESERVATION,
    by_id=False,
)
KEYS = Resource(
    "api_keys",
    "/admin/api-keys",
    "api_keys",
    "id,title,token,redacted,type,created_by,revoked_by,revoked_at,last_used_at,"
    f"{_STAMPS},sales_channels.id",
    apply.keys,
    apply.KEY,
    params=(("type", "publishable"),),
    held=(apply.KEY.c.type == "publishable",),
)
# In the order their rows refer to each other. A full import reads products with their
# variants; a pull reads products changed since the last one and every variant on its own.
FULL = (CHANNELS, LOCATIONS, ITEMS, PRODUCTS, RESERVATIONS, KEYS)
PULL = (CHANNELS, LOCATIONS, ITEMS, PRODUCTS, VARIANTS, RESERVATIONS, KEYS)


class Progress(Protocol):
    def begin(self, resource: str, total: int) -> None: ...

    def advance(self, resource: str, rows: int) -> None: ...


class _Silent:
    def begin(self, resource: str, total: int) -> None:
        pass

    def advance(self, resource: str, rows: int) -> None:
        pass


@dataclass
class Tally:
    read: int = 0
    written: int = 0
    removed: int = 0


@dataclass
class Report:
    tallies: dict[str, Tally] = field(default_factory=dict)

    def tally(self, resource: str) -> Tally:
        return self.tallies.setdefault(resource, Tally())


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Mirror:
    def __init__(self, database: Database, settings: Settings, client: MedusaClient) -> None:
        self.database = database
        self.settings = settings
        self.client = client
        # Per resource, the digest of each page this process last wrote, by query and offset:
        # a page that comes back byte for byte the same holds nothing new and is not written
        # again, as long as no other process changed the resource's rows since (every change
        # moves the resource's generation in the database).
        self._written: dict[str, dict[tuple[str, int], bytes]] = {}
        self._generations: dict[str, int] = {}

    async def _marks(self) -> dict[str, Any]:
        """The resources' marks; pages written before another process changed the resource
        are compared again."""
        async with self.database.transaction() as session:
            marks = {row.resource: row for row in await repository.states(session)}
        for name, mark in marks.items():
            self._moved(name, mark.generation, mine=False)
        return marks

    def _moved(self, name: str, generation: int, mine: bool) -> None:
        """Keep the resource's remembered pages only while every change since was this
        process's own (its bump moved the generation by exactly one)."""
        known = self._generations.get(name)
        if known != generation and not (mine and known == generation - 1):
            self._written.pop(name, None)
        self._generations[name] = generation

    async def sync(self, progress: Progress | None = None) -> Report:
        """Everything, resuming an import that stopped part-way."""
        await self._marks()
        report = Report()
        for resource in FULL:
            await self._scan(resource, report, progress or _Silent(), resume=True)
        return report

    async def pull(self, progress: Progress | None = None) -> Report:
        """What changed since the last pull; a resource never imported is imported first."""
        report = Report()
        marks = await self._marks()
        for resource in PULL:
            mark = marks.get(resource.name)
            if resource is VARIANTS or (mark is not None and mark.pulled_at is not None):
                since = mark.watermark if resource is PRODUCTS and mark is not None else None
                await self._scan(resource, report, progress or _Silent(), since=since)
            else:
                await self._scan(resource, report, progress or _Silent(), resume=True)
        return report

    async def refresh(self, resources: Iterable[Resource], report: Report | None = None) -> Report:
        """These resources read again whole."""
        await self._marks()
        report = report or Report()
        for resource in resources:
            await self._scan(resource, report, _Silent())
        return report

    async def pull_named(self, items: Iterable[str], products: Iterable[str]) -> Report:
        """The inventory items and products a hook names, read now; asked for and not
        answered (deleted for good) means removed."""
        report = Report()
        for resource, ids in ((ITEMS, set(items)), (PRODUCTS, set(products))):
            if not ids:
                continue
            extra = [("with_deleted", "true")] if resource is PRODUCTS else []
            tally = report.tally(resource.name)
            answered: set[str] = set()
            for batch in _chunks(sorted(ids), _ID_FILTER):
                rows = (
                    await self.client.get(
                        resource.path, resource.query(*extra, *(("id", i) for i in batch))
                    )
                ).get(resource.key, [])
                async with self.database.transaction() as session:
                    changes = await resource.write(session, rows)
                    changes.record(session)
                    # What a hook wrote is on no page this process remembers.
                    moved = await repository.bump(session, _SHARING[resource.name])
                for name, generation in moved.items():
                    self._moved(name, generation, mine=False)
                tally.read += len(rows)
                tally.written += changes.written
                answered |= {row["id"] for row in rows}
            async with self.database.transaction() as session:
                gone = ids - answered
                await resource.remove(session, gone)
                tally.removed += len(gone)
        return report

    async def _scan(
        self,
        resource: Resource,
        report: Report,
        progress: Progress,
        *,
        resume: bool = False,
        since: datetime | None = None,
    ) -> None:
        extra: list[tuple[str, str]] = []
        if since is not None:
            extra = [("with_deleted", "true"), ("updated_at[$gte]", _stamp(since))]
        start = 0
        if resume:
            async with self.database.transaction() as session:
                start = await repository.resume_offset(session, resource.name)
        tally = report.tally(resource.name)
        seen: set[str] = set()
        newest = since
        query = resource.query(*extra)
        pages = self.client.pages(
            resource.path, resource.key, query, self.settings.medusa_page_size, start
        )
        began = False
        async for page in pages:
            if not began:
                progress.begin(resource.name, page.count)
                progress.advance(resource.name, start)
                began = True
            written = self._written.setdefault(resource.name, {})
            at = (str(query), page.offset)
            changes = apply.Changes()
            if written.get(at) != page.digest:
                moved: dict[str, int] = {}
                async with self.database.transaction() as session:
                    changes = await resource.write(session, page.rows)
                    changes.record(session)
                    if changes.written:
                        moved = await repository.bump(session, [resource.name])
                    if resume:
                        mark = await repository.state(session, resource.name)
                        mark.next_offset = 0 if page.last else page.next_offset
                for name, generation in moved.items():
                    self._moved(name, generation, mine=True)
                if len(written) >= _REMEMBERED:  # watermarks make new queries: stay bounded
                    written.clear()
                written[at] = page.digest
            seen |= {row["id"] for row in page.rows}
            stamps = [str(row["updated_at"]) for row in page.rows if row.get("updated_at")]
            if stamps:  # Medusa writes them all alike (ISO 8601, UTC, "Z"): they sort as text
                latest = datetime.fromisoformat(max(stamps))
                newest = max(newest or latest, latest)
            tally.read += len(page.rows)
            tally.written += changes.written
            progress.advance(resource.name, len(page.rows))
        complete = start == 0 and not extra
        tally.removed += await self.sweep(resource, seen if complete else None)
        async with self.database.transaction() as session:
            mark = await repository.state(session, resource.name)
            mark.next_offset = 0
            mark.pulled_at = utcnow()
            if newest is not None:
                mark.watermark = newest
            self._generations.setdefault(resource.name, mark.generation or 0)

    async def sweep(self, resource: Resource, listed: set[str] | None = None) -> int:
        """Delete the rows Medusa no longer has; how many."""
        if listed is None:
            listed = set()
            query = [("order", "id"), *resource.params, ("fields", "id")]
            async for page in self.client.pages(resource.path, resource.key, query, _ID_PAGE):
                listed |= {row["id"] for row in page.rows}
        async with self.database.transaction() as session:
            absent = await repository.held_ids(session, resource.table, *resource.held) - listed
        if absent and resource.by_id:
            for batch in _chunks(sorted(absent), _ID_FILTER):
                query = [*resource.params, *(("id", i) for i in batch), ("fields", "id")]
                body = await self.client.get(resource.path, query)
                absent -= {row["id"] for row in body.get(resource.key, [])}
        if absent:
            async with self.database.transaction() as session:
                await resource.remove(session, absent)
                moved = await repository.bump(session, [resource.name])
            for name, generation in moved.items():
                self._moved(name, generation, mine=False)
        return len(absent)


def _chunks(ids: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


async def lag_seconds(database: Database) -> float | None:
    """Seconds since the resource pulled longest ago was last pulled in full; None until the
    first import has finished."""
    async with database.transaction() as session:
        oldest = await repository.oldest_pull(session)
    return None if oldest is None else round((utcnow() - oldest).total_seconds(), 3)


def mirror_for(database: Database, settings: Settings) -> Mirror:
    assert settings.medusa_url and settings.medusa_secret_key
    client = MedusaClient(
        settings.medusa_url, settings.medusa_secret_key, timeout=settings.http_timeout
    )
    return Mirror(database, settings, client)
