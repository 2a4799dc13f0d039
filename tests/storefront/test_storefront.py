"""What a storefront on another origin needs: the availability route, CORS per part of the
API, and the widget's script with its caching."""

from restock.db import Database
from restock.storefront.endpoints import WIDGET_VERSION
from tests.conftest import serve
from tests.factories import AppClient, Shop
from tests.subscriptions.conftest import make_scene

SHOP = "https://shop.example"


async def test_availability_says_whether_a_variant_can_be_bought(
    db: Database, admin_token: str
) -> None:
    async with serve(db) as client:
        scene = await make_scene(Shop(client, admin_token))
        for variant, in_stock in ((scene.sold_out, False), (scene.in_stock, True)):
            answer = await client.get(f"/store/restock-availability/{variant}", headers=scene.store)
            assert answer.status_code == 200
            assert answer.json() == {
                "restock_availability": {
                    "variant_id": variant,
                    "sales_channel_id": scene.channel["id"],
                    "in_stock": in_stock,
                }
            }
            assert answer.headers["cache-control"] == "public, max-age=15"
            assert answer.headers["vary"] == "x-publishable-api-key"
        unknown = await client.get("/store/restock-availability/variant_nope", headers=scene.store)
        assert (unknown.status_code, unknown.json()) == (
            404,
            {"type": "not_found", "message": "Variant with id: variant_nope was not found"},
        )
        keyless = await client.get(f"/store/restock-availability/{scene.sold_out}")
        assert keyless.status_code == 400
        foreign = await client.get(
            f"/store/restock-availability/{scene.sold_out}",
            params={"sales_channel_id": "sc_other"},
            headers=scene.store,
        )
        assert foreign.status_code == 400


async def test_cors_admits_each_part_its_own_origins(db: Database) -> None:
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-publishable-api-key",
    }
    async with serve(db, store_cors=f"{SHOP},/https://[a-z]+\\.preview\\.example/") as client:
        for origin in (SHOP, "https://pr.preview.example"):
            answer = await client.options(
                "/store/restock-subscriptions", headers={"origin": origin, **preflight}
            )
            assert answer.status_code == 200
            assert answer.headers["access-control-allow-origin"] == origin
            assert "x-publishable-api-key" in answer.headers["access-control-allow-headers"]
            assert "access-control-allow-credentials" not in answer.headers
        for origin in ("https://evil.example", "https://pr.preview.example.evil.example"):
            refused = await client.options(
                "/store/restock-subscriptions", headers={"origin": origin, **preflight}
            )
            assert refused.status_code == 400
            assert "access-control-allow-origin" not in refused.headers
        # The admin part admits no origin unless RESTOCK_ADMIN_CORS names it.
        admin = await client.options("/admin/products", headers={"origin": SHOP, **preflight})
        assert admin.status_code == 405
        assert "access-control-allow-origin" not in admin.headers
        simple = await client.get("/store/products", headers={"origin": SHOP})
        assert simple.headers["access-control-allow-origin"] == SHOP
        assert simple.headers["access-control-expose-headers"] == "Retry-After"


async def test_the_widget_script_is_cached_by_version(client: AppClient) -> None:
    current = await client.get("/widget.js")
    assert current.status_code == 200
    assert current.headers["content-type"] == "text/javascript; charset=utf-8"
    assert current.headers["cache-control"] == "no-cache"
    assert current.headers["etag"] == f'"{WIDGET_VERSION}"'
    assert current.headers["access-control-allow-origin"] == "*"
    assert current.headers["link"] == f'</widget/{WIDGET_VERSION}.js>; rel="canonical"'
    assert 'customElements.define("restock-notify"' in current.text
    unchanged = await client.get("/widget.js", headers={"if-none-match": f'"{WIDGET_VERSION}"'})
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    versioned = await client.get(f"/widget/{WIDGET_VERSION}.js")
    assert versioned.content == current.content
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert (await client.get("/widget/0123456789abcdef.js")).status_code == 404
    assert len(current.content) < 15_000


async def test_the_demo_shop_is_there_in_development_only(db: Database) -> None:
    async with serve(db, env="development") as client:
        shop = await client.get("/")
        assert shop.status_code == 200
        assert "No demo catalog yet" in shop.text  # this database has none
        assert f'src="/widget/{WIDGET_VERSION}.js"' in shop.text
        assert "script-src 'self'" in shop.headers["content-security-policy"]
    async with serve(db, env="test") as client:
        assert (await client.get("/")).status_code == 404
