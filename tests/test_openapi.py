"""The documented contract: errors as they are answered, security schemes on the routes that
need them, and docs pages that load nothing from outside this server."""

import logging
import re
from typing import Any

from restock.db import Database
from restock.logs import TextFormatter
from tests.conftest import serve
from tests.factories import AppClient, expect

ERROR = {"$ref": "#/components/schemas/ErrorBody"}


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
    ]


def _schema(operation: dict[str, Any], status: str) -> Any:
    return operation["responses"][status]["content"]["application/json"]["schema"]


async def test_errors_are_documented_as_answered(client: AppClient) -> None:
    spec = expect(await client.get("/openapi.json"))
    assert "HTTPValidationError" not in str(spec)
    for path, method, operation in _operations(spec):
        assert _schema(operation, "400") == ERROR, (path, method)
        if "{" in path:
            assert _schema(operation, "404") == ERROR, (path, method)
        if "requestBody" in operation:
            assert _schema(operation, "413") == ERROR, (path, method)
        if operation.get("security"):
            assert _schema(operation, "401") == ERROR, (path, method)
    subscribe = spec["paths"]["/store/restock-subscriptions"]["post"]
    assert _schema(subscribe, "429") == ERROR
    assert spec["components"]["schemas"]["ErrorBody"]["required"] == ["type", "message"]
    metrics = spec["paths"]["/metrics"]["get"]["responses"]["200"]["content"]
    assert list(metrics) == ["text/plain"]


async def test_security_schemes_are_attached_to_the_routes_that_need_them(
    client: AppClient,
) -> None:
    spec = expect(await client.get("/openapi.json"))
    schemes = spec["components"]["securitySchemes"]
    assert schemes["AdminToken"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An admin token from POST /auth/user/emailpass.",
    }
    assert schemes["SecretKey"]["scheme"] == "basic"
    assert schemes["PublishableKey"]["in"] == "header"
    assert schemes["PublishableKey"]["name"] == "x-publishable-api-key"
    admin = spec["paths"]["/admin/products"]["get"]["security"]
    assert admin == [{"AdminToken": []}, {"SecretKey": []}]
    subscribe = spec["paths"]["/store/restock-subscriptions"]["post"]["security"]
    assert {"PublishableKey": []} in subscribe and {"CustomerToken": []} in subscribe
    assert "security" not in spec["paths"]["/auth/user/emailpass"]["post"]


async def test_docs_pages_load_their_assets_from_this_server(client: AppClient) -> None:
    for page in ("/docs", "/redoc"):
        html = (await client.get(page)).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources, page
        for source in sources:
            assert source.startswith("/docs-assets/"), (page, source)
            asset = await client.get(source)
            assert asset.status_code == 200 and len(asset.content) > 1000, source
        assert "cdn" not in html.lower() and "fonts.googleapis" not in html


async def test_every_json_answer_has_a_real_shape(client: AppClient) -> None:
    spec = expect(await client.get("/openapi.json"))
    shapeless = []
    for path, method, operation in _operations(spec):
        for status, response in operation["responses"].items():
            content = response.get("content", {}).get("application/json")
            if status.startswith("2") and content is not None:
                schema = content["schema"]
                if "$ref" not in schema:
                    shapeless.append((path, method, status, schema))
    assert shapeless == []
    created = spec["paths"]["/store/restock-subscriptions"]["post"]["responses"]["201"]
    assert created["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SubscriptionAnswer"
    }


async def test_production_hides_docs_and_metrics_unless_enabled(db: Database) -> None:
    production = {"env": "production", "jwt_secret": "f3a9c0d1e2b4a5968778695a4b3c2d1e"}
    async with serve(db, **production) as client:
        for path in ("/docs", "/redoc", "/openapi.json", "/metrics", "/docs-assets/swagger-ui.css"):
            assert (await client.get(path)).status_code == 404, path
        assert (await client.get("/health")).status_code == 200
    async with serve(db, **production, docs_enabled=True, metrics_enabled=True) as client:
        for path in ("/docs", "/openapi.json", "/metrics"):
            assert (await client.get(path)).status_code == 200, path


def test_log_lines_escape_control_characters() -> None:
    """A `%0a` in a request path cannot forge a second log line."""
    record = logging.LogRecord(
        "restock.http", logging.INFO, __file__, 1, "%s %s", ("GET", "/a\nINFO forged\r"), None
    )
    line = TextFormatter("%(levelname)s %(message)s").format(record)
    assert line == "INFO GET /a\\x0aINFO forged\\x0d"


async def test_html_pages_carry_security_headers_and_no_redirect_uses_the_host(
    client: AppClient,
) -> None:
    docs = await client.get("/docs")
    assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]
    assert docs.headers["x-frame-options"] == "DENY"
    assert docs.headers["referrer-policy"] == "no-referrer"
    # A trailing slash is not redirected to an address built from the Host header.
    answer = await client.get("/admin/products/", headers={"host": "evil.example"})
    assert answer.status_code == 404 and "location" not in answer.headers
