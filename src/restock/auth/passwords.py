"""Argon2id password hashing, off the event loop: a hash takes tens of milliseconds of CPU, and
on the loop every other request would wait for it. argon2 releases the GIL while it works, so
the threads hash in parallel with the loop."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 8
_hasher = PasswordHasher()
# Verified against when an email is unknown, so a miss costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("restock-timing-equaliser")


@cache
def _threads(size: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=size, thread_name_prefix="restock-passwords")


async def hash_password(password: str, threads: int) -> str:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_threads(threads), _hasher.hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str, threads: int) -> bool:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_threads(threads), _verify, password_hash, password)
