"""The `restock` command line."""

import asyncio
import json
import os
import shlex
import signal
import sys
from pathlib import Path
from typing import Any

import typer
import uvicorn
import uvloop
from pydantic import ValidationError
from rich.console import Console
from rich.progress import Progress

from restock.config import Settings, get_settings, problems
from restock.db import Database
from restock.demo.catalog import Demo, load_demo
from restock.errors import RestockError
from restock.logs import configure_logging
from restock.medusa.client import MedusaRefused, MedusaUnreachable
from restock.medusa.service import Report as MirrorReport
from restock.medusa.service import mirror_for
from restock.migrate import upgrade
from restock.notifications.outcomes import Report
from restock.privacy.service import privacy_service
from restock.runtime import Runtime
from restock.subscriptions.check import CheckReport, check_restock
from restock.users.service import user_service

# Every command runs its coroutine on uvloop, the loop uvicorn serves the API on: a worker then
# spends less CPU per email sent (socket writes and reads are most of it).
app = typer.Typer(help="Restock: back-in-stock notifications.", no_args_is_help=True)
db_app = typer.Typer(help="Database commands.", no_args_is_help=True)
app.add_typer(db_app, name="db")
medusa_app = typer.Typer(help="Mirror a Medusa store's catalog and stock.", no_args_is_help=True)
app.add_typer(medusa_app, name="medusa")
privacy_app = typer.Typer(
    help="What is held about an address: export, erase.", no_args_is_help=True
)
app.add_typer(privacy_app, name="privacy")
console = Console()
MAX_REQUEST_HEAD = 16 * 1024


def _prepare_sqlite_dir(settings: Settings) -> None:
    if settings.is_sqlite and ":///" in settings.database_url:
        path = settings.database_url.split(":///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


@db_app.command("migrate")
def migrate() -> None:
    """Bring the database schema up to date."""
    _prepare_sqlite_dir(get_settings())
    upgrade()
    console.print("[green]database is up to date[/green]")


async def _privacy(email: str, erase: bool) -> dict[str, Any]:
    settings = get_settings()
    database = Database(settings)
    try:
        async with database.transaction() as session:
            if erase:
                return await privacy_service.erase(session, email)
            return await privacy_service.export(session, settings, email)
    finally:
        await database.dispose()


def _privacy_command(email: str, erase: bool) -> None:
    try:
        print(json.dumps(uvloop.run(_privacy(email, erase)), indent=2, ensure_ascii=False))
    except RestockError as error:
        console.print(f"[red]{error.message}[/red]")
        raise typer.Exit(1) from None


@privacy_app.command("export")
def privacy_export(email: str) -> None:
    """Print, as JSON, everything held about the address."""
    _privacy_command(email, erase=False)


@privacy_app.command("erase")
def privacy_erase(email: str) -> None:
    """Erase the address; print what was kept under its digest."""
    _privacy_command(email, erase=True)


class _Bars:
    """A progress bar per resource a mirror reads."""

    def __init__(self, bars: Progress) -> None:
        self.bars = bars
        self.tasks: dict[str, Any] = {}

    def begin(self, resource: str, total: int) -> None:
        label = resource.replace("_", " ")
        # An empty resource is done at once; rich shows a bar of total 0 as 0%.
        self.tasks[resource] = self.bars.add_task(
            label, total=total or 1, completed=0 if total else 1
        )

    def advance(self, resource: str, rows: int) -> None:
        self.bars.advance(self.tasks[resource], rows)


async def _medusa_sync(changes_only: bool) -> tuple[MirrorReport, int]:
    settings = get_settings()
    database = Database(settings)
    mirror = mirror_for(database, settings)
    try:
        with Progress(console=console) as bars:
            run = mirror.pull if changes_only else mirror.sync
            report = await run(_Bars(bars))
        # The restock check of a running server may not hear of these changes (a separate
        # process, no Redis): check here, and its dispatcher sends what is queued.
        check = await check_restock(database, settings)
        return report, check.queued
    finally:
        await mirror.client.close()
        await database.dispose()


@medusa_app.command("sync")
def medusa_sync(
    changes: bool = typer.Option(
        False, "--changes", help="Only what changed since the last pull (what the worker runs)."
    ),
) -> None:
    """Import the store's channels, locations, stock, products and publishable keys (an import
    that stopped resumes where it was); then check for restocks."""
    settings = get_settings()
    configure_logging(settings)
    if not settings.mirrors_medusa:
        console.print("[red]set RESTOCK_MEDUSA_URL and RESTOCK_MEDUSA_SECRET_KEY first[/red]")
        raise typer.Exit(2)
    try:
        report, queued = uvloop.run(_medusa_sync(changes))
    except (MedusaRefused, MedusaUnreachable) as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    for name, tally in report.tallies.items():
        console.print(
            f"{name.replace('_', ' '):<16} read {tally.read:>7}  written {tally.written:>7}  "
            f"removed {tally.removed:>6}"
        )
    console.print(f"restock emails queued: {queued}")


async def _create_user(email: str, password: str, exist_ok: bool) -> bool:
    database = Database(get_settings())
    try:
        async with database.transaction() as session:
            _, created = await user_service.create(session, email, password, exist_ok=exist_ok)
        return created
    finally:
        await database.dispose()


@app.command()
def user(
    email: str = typer.Option(..., "-e", "--email", help="The admin user's email."),
    password: str = typer.Option(..., "-p", "--password", help="The admin user's password."),
) -> None:
    """Create an admin user."""
    try:
        uvloop.run(_create_user(email, password, exist_ok=False))
    except RestockError as error:
        console.print(f"[red]{error.message}[/red]")
        raise typer.Exit(1) from None
    console.print(f"[green]admin user {email} created[/green]")


async def _seed() -> Demo | None:
    """The admin, and the demo catalog unless the catalog comes from Medusa."""
    settings = get_settings()
    database = Database(settings)
    try:
        async with database.transaction() as session:
            admin, _ = await user_service.create(
                session, settings.admin_email, settings.admin_password, exist_ok=True
            )
            if settings.mirrors_medusa:
                return None
            return await load_demo(session, admin.id)
    finally:
        await database.dispose()


@app.command()
def seed(demo: bool = typer.Option(False, "--demo", help="Load the demo catalog.")) -> None:
    """Load data; `--demo` loads the demo catalog (and its admin user), once."""
    if not demo:
        console.print("nothing to load: pass --demo")
        raise typer.Exit(2)
    _development_only("`restock seed --demo` creates the development admin")
    result = uvloop.run(_seed())
    if result is None:
        console.print("no demo catalog: the catalog is mirrored from RESTOCK_MEDUSA_URL")
        return
    console.print("demo catalog " + ("loaded" if result.created else "already present"))
    _print_curl(get_settings(), result)


def _development_only(what: str) -> None:
    if get_settings().env != "development":
        console.print(f"[red]{what}: development mode only[/red]")
        raise typer.Exit(1)


def _print_curl(settings: Settings, demo: Demo) -> None:
    body = json.dumps({"variant_id": demo.sold_out_variant_id, "email": "shopper@example.com"})
    base = f"http://{settings.host}:{settings.port}"
    console.print("\nSubscribe to the sold-out demo tee (size M):", style="bold")
    print(
        f"curl -i -X POST {base}/store/restock-subscriptions \\\n"
        f"  -H 'content-type: application/json' \\\n"
        f"  -H 'x-publishable-api-key: {demo.publishable_key}' \\\n"
        f"  -d {shlex.quote(body)}\n"
    )


async def _check_restock() -> tuple[CheckReport, Report]:
    settings = get_settings()
    database = Database(settings)
    runtime = Runtime(database, settings)  # not started: its dispatcher, with its hooks
    try:
        with Progress(console=console) as bar:
            task = bar.add_task("finding restocked variants", total=None)

            def advance(queued: int, expected: int) -> None:
                bar.update(task, completed=queued, total=expected, description="queueing emails")

            check = await check_restock(database, settings, progress=advance)
            queued = check.queued
            bar.update(
                task, completed=queued, total=queued, description=f"queued {queued}; sending"
            )
            report = await runtime.dispatcher.drain()
        return check, report
    finally:
        await database.dispose()


@app.command("check-restock")
def check_restock_command() -> None:
    """Find restocked variants now, queue one email per subscriber, and send what is due."""
    configure_logging(get_settings())
    check, report = uvloop.run(_check_restock())
    console.print(
        f"queued {check.queued}; sent {report.sent}, retrying {report.retried}, "
        f"failed {report.failed}, suppressed {report.suppressed}"
    )


async def _work(concurrency: int | None) -> None:
    settings = get_settings()
    update: dict[str, object] = {"role": "worker"}
    if concurrency is not None:
        update["dispatch_concurrency"] = concurrency
    settings = settings.model_copy(update=update)
    configure_logging(settings)
    database = Database(settings)
    runtime = Runtime(database, settings)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    await runtime.start()
    console.print("worker running: events, restock checks, dispatch, schedule")
    await stopping.wait()
    await runtime.stop()
    await database.dispose()
    console.print("worker stopped")


@app.command()
def worker(
    concurrency: int | None = typer.Option(
        None, min=1, help="Sends in flight (RESTOCK_DISPATCH_CONCURRENCY)."
    ),
) -> None:
    """Run the background work without HTTP: event handlers, restock checks, the dispatcher
    and the scheduler. Beside it, run the API with RESTOCK_ROLE=api."""
    uvloop.run(_work(concurrency))


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (RESTOCK_HOST)."),
    port: int | None = typer.Option(None, help="Port (RESTOCK_PORT)."),
    workers: int = typer.Option(1, help="API processes."),
) -> None:
    """Run the HTTP API."""
    # The app is built from the settings in each server process: options become settings
    # there, and emailed links then point at the port actually served.
    for name, value in (("RESTOCK_HOST", host), ("RESTOCK_PORT", port)):
        if value is not None:
            os.environ[name] = str(value)
    get_settings.cache_clear()
    settings = get_settings()
    configure_logging(settings)
    uvicorn.run(
        "restock.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_config=None,  # configure_logging owns every logger, uvicorn's included
        proxy_headers=False,  # the app reads them, trusting RESTOCK_TRUSTED_PROXIES
        access_log=False,
        log_level=settings.log_level,
        # An idle keep-alive connection is closed after this long; a request head larger than
        # the limit is refused. Reading a slow request head has no limit of its own in uvicorn:
        # a proxy in front bounds it (docs/operations.md).
        timeout_keep_alive=settings.keep_alive_seconds,
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD,
    )


@app.command()
def dev() -> None:
    """Migrate, create the development admin, load the demo catalog, and serve (`make run`)."""
    _development_only("`restock dev` creates a default admin")
    settings = get_settings()
    migrate()
    demo = uvloop.run(_seed())
    base = settings.public_url.rstrip("/")
    if demo is None:
        console.print(
            f"mirroring:  {settings.medusa_url} (first pull within seconds)", style="bold"
        )
    else:
        _print_curl(settings, demo)
        console.print(f"demo shop:  {base}/", style="bold")
    console.print(f"dashboard:  {base}/app", style="bold")
    console.print(
        f"sign in as: {settings.admin_email} / {settings.admin_password} "
        "(RESTOCK_ADMIN_EMAIL / RESTOCK_ADMIN_PASSWORD)\n",
        soft_wrap=True,  # one line, however narrow the terminal
    )
    serve(host=None, port=None, workers=1)


def main() -> None:
    """The `restock` command. A bad setting stops any command before it writes anything, with
    one line per problem naming its variable, instead of a traceback."""
    try:
        get_settings()
    except ValidationError as error:
        for problem in problems(error):
            print(f"restock: {problem}", file=sys.stderr)
        sys.exit(2)
    app()
