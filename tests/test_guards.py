"""Sweeps over every route: admin routes need auth, and no body makes the service answer 500."""

import pytest

from restock.app import create_app
from restock.config import Settings
from tests.factories import Shop

ROUTES = [
    (method.upper(), path)
    for path, operations in create_app(Settings(env="test")).openapi()["paths"].items()
    for method in operations
]
ADMIN = [r for r in ROUTES if r[1].startswith("/admin/")]
POSTS = [r for r in ROUTES if r[0] == "POST"]
JUNK = [
    b"",
    b"null",
    b"[]",
    b"[1,2]",
    b'"text"',
    b"42",
    b'{"a":',
    b"\xff\xfe",
    b'{"title": {}}',
    b'{"name": 1e999}',
    b'{"quantity": -5, "location_id": [], "inventory_item_id": null}',
]


def _fill(path: str) -> str:
    return path.replace("{", "x_").replace("}", "")


@pytest.mark.parametrize(("method", "path"), ADMIN)
async def test_admin_route_without_token_is_401_and_writes_nothing(
    shop: Shop, method: str, path: str
) -> None:
    response = await shop.client.request(method, _fill(path), json={"name": "x", "title": "x"})
    assert response.status_code == 401
    assert response.json() == {"type": "unauthorized", "message": "Unauthorized"}
    assert (await shop.get("/admin/sales-channels"))["count"] == 0
    assert (await shop.get("/admin/products"))["count"] == 0


@pytest.mark.parametrize(("method", "path"), POSTS)
async def test_junk_bodies_never_answer_500(shop: Shop, method: str, path: str) -> None:
    _, _, store = await shop.storefront()
    for body in JUNK:
        response = await shop.client.request(
            method,
            _fill(path),
            content=body,
            headers={**shop.admin, **store, "content-type": "application/json"},
        )
        assert response.status_code < 500, (body, response.text)
        if response.headers["content-type"].startswith("text/html"):
            assert response.status_code == 404  # an email's link: a page, never a 500
            continue
        if response.status_code < 400:  # a route that takes no body ignores it
            continue
        assert response.json()["type"] in {
            "invalid_data",
            "not_found",
            "unauthorized",
            "not_allowed",
        }, response.text
