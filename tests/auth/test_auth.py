"""Admin login, customer registration and sign-up, tokens, secret keys."""

import asyncio
import base64
import threading

import httpx
import jwt
import pytest

from restock.auth import passwords
from restock.db import Database
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, serve
from tests.factories import Shop, expect

UNAUTHORIZED = {"type": "unauthorized", "message": "Unauthorized"}


async def test_admin_login_gives_a_user_token(
    client: httpx.AsyncClient, admin_token: str, db: Database
) -> None:
    body = expect(
        await client.post(
            "/auth/user/emailpass", json={"email": ADMIN_EMAIL.upper(), "password": ADMIN_PASSWORD}
        )
    )
    claims = jwt.decode(body["token"], db.settings.jwt_secret, algorithms=["HS256"])
    assert claims["actor_type"] == "user" and claims["actor_id"].startswith("user_")
    assert claims["exp"] - claims["iat"] == 86_400
    listed = await client.get(
        "/admin/sales-channels", headers={"authorization": f"Bearer {body['token']}"}
    )
    assert listed.status_code == 200


async def test_admin_login_failures(client: httpx.AsyncClient, admin_token: str) -> None:
    for body in (
        {"email": ADMIN_EMAIL, "password": "wrong-password"},
        {"email": "nobody@example.com", "password": ADMIN_PASSWORD},
    ):
        response = await client.post("/auth/user/emailpass", json=body)
        assert response.status_code == 401
        assert response.json() == {"type": "unauthorized", "message": "Invalid email or password"}
    typed = await client.post("/auth/user/emailpass", json={"email": ADMIN_EMAIL, "password": 5})
    assert typed.json() == {"type": "unauthorized", "message": "Password should be a string"}
    typed = await client.post("/auth/user/emailpass", json={"password": "x"})
    assert typed.json() == {"type": "unauthorized", "message": "Email should be a string"}


async def test_admin_routes_refuse_missing_forged_and_customer_tokens(
    client: httpx.AsyncClient, db: Database
) -> None:
    forged = jwt.encode(
        {"actor_type": "user", "actor_id": "user_x", "auth_identity_id": "a"},
        "not-the-secret-but-long-enough-for-hs256",
        algorithm="HS256",
    )
    customer = jwt.encode(
        {"actor_type": "customer", "actor_id": "cus_x", "auth_identity_id": "a"},
        db.settings.jwt_secret,
        algorithm="HS256",
    )
    for headers in (
        {},
        {"authorization": f"Bearer {forged}"},
        {"authorization": f"Bearer {customer}"},
        {"authorization": "Bearer"},
        {"authorization": "Basic !!notbase64"},
    ):
        response = await client.post("/admin/sales-channels", json={"name": "x"}, headers=headers)
        assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


async def test_customer_registration_sign_up_login_and_me(shop: Shop) -> None:
    _, _, store = await shop.storefront()
    client = shop.client
    creds = {"email": "Ann@Example.com", "password": "s3cret-pass"}
    registration = expect(await client.post("/auth/customer/emailpass/register", json=creds))
    bearer = {"authorization": f"Bearer {registration['token']}", **store}
    # A registration token is not a signed-in customer yet.
    me = await client.get("/store/customers/me", headers=bearer)
    assert (me.status_code, me.json()) == (401, UNAUTHORIZED)
    created = expect(
        await client.post(
            "/store/customers",
            headers=bearer,
            json={"email": "ann@example.com", "first_name": "Ann"},
        )
    )["customer"]
    assert created["id"].startswith("cus_") and created["has_account"] is True
    assert created["email"] == "ann@example.com" and created["addresses"] == []

    again = await client.post("/store/customers", headers=bearer, json={"email": "x@example.com"})
    # The registration token was used: a second customer must not take over the identity.
    assert again.json() == {
        "type": "invalid_data",
        "message": "Request already authenticated as a customer.",
    }
    login = expect(await client.post("/auth/customer/emailpass", json=creds))
    signed_in = {"authorization": f"Bearer {login['token']}", **store}
    assert expect(await client.get("/store/customers/me", headers=signed_in))["customer"] == created
    refreshed = expect(await client.post("/auth/token/refresh", headers=bearer))
    me = await client.get(
        "/store/customers/me", headers={"authorization": f"Bearer {refreshed['token']}", **store}
    )
    assert me.json()["customer"]["id"] == created["id"]
    repeat = await client.post(
        "/store/customers", headers=signed_in, json={"email": "y@example.com"}
    )
    assert repeat.json() == {
        "type": "invalid_data",
        "message": "Request already authenticated as a customer.",
    }
    duplicate = await client.post("/auth/customer/emailpass/register", json=creds)
    assert duplicate.status_code == 401
    assert duplicate.json()["message"] == "Identity with email already exists"


async def test_customer_sign_up_errors_write_nothing(shop: Shop) -> None:
    _, _, store = await shop.storefront()
    client = shop.client
    token = expect(
        await client.post(
            "/auth/customer/emailpass/register",
            json={"email": "b@example.com", "password": "pw-123456"},
        )
    )
    bearer = {"authorization": f"Bearer {token['token']}", **store}
    no_token = await client.post("/store/customers", headers=store, json={"email": "b@example.com"})
    assert (no_token.status_code, no_token.json()) == (401, UNAUTHORIZED)
    foreign = await client.post("/store/customers", headers=bearer, json={"email": "x@example.com"})
    assert foreign.json() == {
        "type": "invalid_data",
        "message": "A customer's email must be the one it registered with",
    }
    bad_email = await client.post("/store/customers", headers=bearer, json={"email": "no-at"})
    assert bad_email.status_code == 400 and bad_email.json()["type"] == "invalid_data"
    unknown = await client.post(
        "/store/customers", headers=bearer, json={"email": "b@example.com", "nickname": "b"}
    )
    assert unknown.json()["message"] == "Invalid request: Unrecognized fields: 'nickname'"
    no_key = await client.post(
        "/store/customers",
        json={"email": "b@example.com"},
        headers={"authorization": bearer["authorization"]},
    )
    assert no_key.status_code == 400 and no_key.json()["type"] == "not_allowed"
    me = await client.get("/store/customers/me", headers=bearer)
    assert me.status_code == 401  # still no customer behind this identity
    # Without an email the account takes the registered one; with it, it must be that one.
    created = expect(await client.post("/store/customers", headers=bearer, json={}))
    assert created["customer"]["email"] == "b@example.com"


async def test_registration_validates_and_never_overwrites(client: httpx.AsyncClient) -> None:
    register = "/auth/customer/emailpass/register"
    for body, message in (
        ({"email": "not-an-address", "password": "long-enough-1"}, None),
        ({"email": "a" * 100_000 + "@example.com", "password": "long-enough-1"}, None),
        ({"email": "short@example.com", "password": "short"}, "Password must be at least 8"),
    ):
        answer = await client.post(register, json=body)
        assert answer.status_code == 400 and answer.json()["type"] == "invalid_data"
        if message:
            assert answer.json()["message"].startswith(message)
    first = {"email": "ann@example.com", "password": "the-first-password"}
    expect(await client.post(register, json=first))
    again = await client.post(register, json={**first, "password": "an-attackers-password"})
    assert again.status_code == 401
    assert again.json() == {"type": "unauthorized", "message": "Identity with email already exists"}
    login = await client.post("/auth/customer/emailpass", json=first)
    assert login.status_code == 200  # the first password still opens it
    stolen = {**first, "password": "an-attackers-password"}
    assert (await client.post("/auth/customer/emailpass", json=stolen)).status_code == 401


async def test_secret_key_authenticates_admin_until_revoked(shop: Shop) -> None:
    created = (await shop.post("/admin/api-keys", {"title": "erp", "type": "secret"}))["api_key"]
    token = created["token"]
    assert token.startswith("sk_") and created["redacted"] == f"{token[:6]}***{token[-3:]}"
    basic = {"authorization": "Basic " + base64.b64encode(f"{token}:".encode()).decode()}
    assert (await shop.client.get("/admin/sales-channels", headers=basic)).status_code == 200
    listed = (await shop.get("/admin/api-keys"))["api_keys"]
    assert listed[0]["token"] == ""  # the secret is never shown again
    await shop.post(f"/admin/api-keys/{created['id']}/revoke", {})
    assert (await shop.client.get("/admin/sales-channels", headers=basic)).status_code == 401


async def test_a_token_without_an_expiry_is_refused(
    client: httpx.AsyncClient, admin_token: str, db: Database
) -> None:
    """Signed with the right secret, but valid forever: refused."""
    claims = jwt.decode(admin_token, db.settings.jwt_secret, algorithms=["HS256"])
    del claims["exp"]
    forever = jwt.encode(claims, db.settings.jwt_secret, algorithm="HS256")
    answer = await client.get(
        "/admin/sales-channels", headers={"authorization": f"Bearer {forever}"}
    )
    assert (answer.status_code, answer.json()) == (401, UNAUTHORIZED)


async def test_password_hashing_runs_off_the_event_loop(
    client: httpx.AsyncClient, admin_token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argon2 takes tens of milliseconds: on the loop, every other request would wait."""
    threads: list[str] = []
    verify = passwords._verify

    def recording(password_hash: str | None, password: str) -> bool:
        threads.append(threading.current_thread().name)
        return verify(password_hash, password)

    monkeypatch.setattr(passwords, "_verify", recording)
    bad = {"email": ADMIN_EMAIL, "password": "wrong-password"}
    answers = await asyncio.gather(
        *(client.post("/auth/user/emailpass", json=bad) for _ in range(4))
    )
    assert [a.status_code for a in answers] == [401] * 4
    assert len(threads) == 4
    assert all(name.startswith("restock-passwords") for name in threads)
    assert threading.current_thread().name not in threads


async def test_sign_in_attempts_are_limited_per_identity_and_per_ip(db: Database) -> None:
    limits = {"rate_limit_auth_per_identity": "2/minute", "rate_limit_auth_per_ip": "5/minute"}
    async with serve(db, **limits) as client:

        async def attempt(path: str, email: str) -> int:
            body = {"email": email, "password": "not-the-password"}
            return (await client.post(path, json=body)).status_code

        login = "/auth/user/emailpass"
        same = [await attempt(login, "ADMIN@example.com") for _ in range(3)]
        other = await attempt("/auth/customer/emailpass", "someone@example.com")
        register = await attempt("/auth/customer/emailpass/register", "new@example.com")
        over_ip = await attempt(login, "third@example.com")
        limited = await client.post(login, json={"email": "fourth@example.com", "password": "x"})
    assert same == [401, 401, 429] and (other, register, over_ip) == (401, 200, 429)
    assert limited.json() == {
        "type": "too_many_requests",
        "message": "Too many sign-in attempts, try again later",
    }
    assert 1 <= int(limited.headers["retry-after"]) <= 60
