"""Prefixed ULIDs (`prod_01J...`): sortable by creation time, readable in logs."""

from ulid import ULID


def new_id(prefix: str) -> str:
    return f"{prefix}_{ULID()}"
