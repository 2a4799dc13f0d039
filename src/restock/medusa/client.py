"""Reads pages of a Medusa store's admin API with its secret API key.

Medusa takes a secret key as HTTP Basic, the key as the user name and an empty password. A
connection failure, a timeout, a 429 or a 5xx is tried again with a growing pause; a 401 is a
wrong key and is said so at once, naming the setting."""

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger(__name__)


class MedusaUnreachable(Exception):
    """Medusa did not answer usefully after every retry."""


class MedusaRefused(Exception):
    """Medusa refused the request for a reason retrying cannot fix."""


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    count: int
    offset: int
    digest: bytes  # of the answer as it came: the same bytes, the same rows

    @property
    def next_offset(self) -> int:
        return self.offset + len(self.rows)

    @property
    def last(self) -> bool:
        return not self.rows or self.next_offset >= self.count


class MedusaClient:
    def __init__(
        self,
        url: str,
        secret_key: str,
        *,
        timeout: float = 30.0,
        attempts: int = 5,
        first_pause: float = 0.5,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.http = httpx.AsyncClient(
            base_url=url.rstrip("/"),
            auth=httpx.BasicAuth(secret_key, ""),
            timeout=timeout,
            transport=transport,
            headers={"accept": "application/json"},
        )
        self.attempts = attempts
        self.first_pause = first_pause

    async def close(self) -> None:
        await self.http.aclose()

    async def get(self, path: str, params: Sequence[tuple[str, str | int]]) -> dict[str, Any]:
        return _object(path, await self._answer(path, params))

    async def _answer(self, path: str, params: Sequence[tuple[str, str | int]]) -> httpx.Response:
        pause = self.first_pause
        for attempt in range(1, self.attempts + 1):
            try:
                answer = await self.http.get(path, params=list(params))
            except httpx.TransportError as error:
                problem = f"{type(error).__name__}: {error}"
            else:
                if answer.status_code == 401:
                    raise MedusaRefused(
                        "Medusa refused RESTOCK_MEDUSA_SECRET_KEY (401): set it to a secret API "
                        "key of the store (Settings → Secret API Keys)"
                    )
                if answer.status_code < 400:
                    return answer
                if answer.status_code != 429 and answer.status_code < 500:
                    raise MedusaRefused(f"GET {path}: {answer.status_code} {answer.text[:300]}")
                problem = f"{answer.status_code} {answer.text[:200]}"
            if attempt < self.attempts:
                log.warning("Medusa: GET %s failed (%s); trying again", path, problem)
                await asyncio.sleep(pause)
                pause *= 2
        raise MedusaUnreachable(f"GET {path} failed {self.attempts} times; last: {problem}")

    async def page(
        self,
        path: str,
        key: str,
        params: Sequence[tuple[str, str | int]],
        offset: int,
        limit: int,
    ) -> Page:
        answer = await self._answer(path, [*params, ("limit", limit), ("offset", offset)])
        body = _object(path, answer)
        rows = body.get(key)
        if not isinstance(rows, list):
            raise MedusaRefused(f"GET {path}: the answer has no list '{key}'")
        digest = hashlib.blake2b(answer.content, digest_size=16).digest()
        return Page(rows, int(body.get("count", len(rows))), offset, digest)

    async def pages(
        self,
        path: str,
        key: str,
        params: Sequence[tuple[str, str | int]],
        limit: int,
        offset: int = 0,
    ) -> AsyncIterator[Page]:
        while True:
            page = await self.page(path, key, params, offset, limit)
            yield page
            if page.last:
                return
            offset = page.next_offset


def _object(path: str, answer: httpx.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise MedusaRefused(f"GET {path}: Medusa answered something not a JSON object")
    return body
