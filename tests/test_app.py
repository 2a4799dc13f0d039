"""The app's edges: health, docs, and how bad requests are answered."""

from collections.abc import AsyncIterator

import httpx

from tests.factories import Shop, expect


async def test_health_docs_and_openapi(client: httpx.AsyncClient) -> None:
    health = await client.get("/health")
    assert (health.status_code, health.text) == (200, "OK")
    spec = expect(await client.get("/openapi.json"))
    assert "/admin/products" in spec["paths"] and "/store/products" in spec["paths"]
    assert (await client.get("/docs")).status_code == 200


async def test_malformed_json_is_invalid_data_and_writes_nothing(shop: Shop) -> None:
    response = await shop.client.post(
        "/admin/sales-channels",
        content=b'{"name": ',
        headers={**shop.admin, "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "type": "invalid_data",
        "message": "Invalid request: Body is not valid JSON",
    }
    assert (await shop.get("/admin/sales-channels"))["count"] == 0


async def test_oversized_body_is_413_and_writes_nothing(shop: Shop) -> None:
    limit = shop.client.app.state.settings.max_body_bytes
    body = b'{"name": "' + b"x" * limit + b'"}'
    response = await shop.client.post(
        "/admin/sales-channels",
        content=body,
        headers={**shop.admin, "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {
        "type": "payload_too_large",
        "message": f"Request body exceeds {limit} bytes",
    }
    assert (await shop.get("/admin/sales-channels"))["count"] == 0


async def test_chunked_oversized_body_is_413(shop: Shop) -> None:
    limit = shop.client.app.state.settings.max_body_bytes

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"name": "'
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    response = await shop.client.post(
        "/admin/sales-channels",
        content=chunks(),
        headers={**shop.admin, "content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {
        "type": "payload_too_large",
        "message": f"Request body exceeds {limit} bytes",
    }
    assert (await shop.get("/admin/sales-channels"))["count"] == 0


async def test_unknown_route_and_wrong_method(client: httpx.AsyncClient) -> None:
    missing = await client.get("/nowhere")
    assert (missing.status_code, missing.json()["type"]) == (404, "not_found")
    wrong = await client.put("/health")
    assert (wrong.status_code, wrong.json()["type"]) == (405, "not_allowed")


async def test_bad_query_parameters_are_invalid_data(shop: Shop) -> None:
    body = await shop.get("/admin/products", code=400, limit="many")
    assert body == {
        "type": "invalid_data",
        "message": "Invalid request: Expected type: 'number' for field 'limit', got: 'many'",
    }
    body = await shop.get("/admin/products", code=400, offset=-1)
    assert body["message"] == (
        "Invalid request: Value for field 'offset' too small, expected at least: '0'"
    )
