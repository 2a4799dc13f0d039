"""What the docs promise of the hot paths, counted: a subscribe runs three statements, a check
runs as many statements for one restocked pair as for many, and a claim is one statement on
PostgreSQL."""

from sqlalchemy import update

from restock.db import Database
from restock.models import InventoryLevel
from restock.subscriptions import check_repository
from restock.subscriptions.check import check_restock, restock_emails
from restock.subscriptions.detection import CheckInput, hold_restocked
from tests.conftest import serve
from tests.factories import Shop, statements
from tests.subscriptions.conftest import Scene, make_scene


async def test_a_subscribe_runs_three_statements(db: Database, admin_token: str) -> None:
    """The publishable key, the eligibility of variant, channel and address, the upsert. The
    re-check the subscription triggers waits a second, outside the count."""
    async with serve(db, recheck_delay_ms=1000, rate_limits_enabled=False) as client:
        scene = await make_scene(Shop(client, admin_token))
        await scene.shop.settle()  # the checks the stock changes triggered are over
        with statements(db) as run:
            await scene.subscribe({"variant_id": scene.sold_out, "email": "three@x.io"})
        await scene.shop.settle()
    assert len(run) == 3, run
    assert "api_key" in run[0] and "restock_subscription" in run[1]
    assert run[2].lstrip().upper().startswith("INSERT INTO RESTOCK_SUBSCRIPTION")


async def _waiting_on(scene: Scene, db: Database, pairs: int) -> None:
    """One subscriber on each of `pairs` sold-out variants of a new product, then restocked
    behind the API's back."""
    product = await scene.shop.product(
        [scene.channel["id"]],
        title=f"Tee {pairs}",
        options=[{"title": "Size", "values": [str(i) for i in range(pairs)]}],
        variants=[
            {"title": str(i), "options": {"Size": str(i)}, "prices": []} for i in range(pairs)
        ],
    )
    items = await scene.shop.items_of(product["id"])
    for variant_id, item_id in items.items():
        await scene.shop.stock(item_id, scene.location["id"], 0)
        await scene.subscribe({"variant_id": variant_id, "email": f"p{pairs}@x.io"})
    await scene.shop.settle()
    async with db.transaction() as session:
        await session.execute(update(InventoryLevel).values(stocked_quantity=3))


async def test_a_check_runs_as_many_statements_for_many_pairs_as_for_one(
    scene: Scene, db: Database
) -> None:
    settings = db.settings
    counted = []
    for pairs in (1, 6):
        await _waiting_on(scene, db, pairs)
        with statements(db) as run:
            report = await check_restock(db, settings)
        assert report.queued == pairs
        counted.append(len(run))
        detections = [s for s in run if "GROUP BY" in s and "restock_subscription" in s]
        assert len(detections) == 1
    assert counted[0] == counted[1]


async def test_a_claim_is_one_statement_on_postgresql(scene: Scene, db: Database) -> None:
    await _waiting_on(scene, db, 3)
    settings = db.settings
    async with db.transaction() as session:
        detected = await hold_restocked(session, settings, CheckInput())
    with statements(db) as run:
        async with db.transaction() as session:
            claimed = await check_repository.claim_and_queue(
                session,
                detected.check_id,
                0,
                views={},
                limit=10,
                fair_release=False,
                queue=restock_emails(settings),
            )
    assert claimed == 3
    assert len(run) == (1 if db.engine.dialect.name == "postgresql" else 2)
