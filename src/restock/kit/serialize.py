"""Row-to-JSON helpers shared by every domain's `schemas.py`."""

from typing import Any

from restock.kit.time import isoformat


def timestamps(row: Any) -> dict[str, Any]:
    """Medusa's objects carry `deleted_at`; rows here are deleted for real, so it is null."""
    return {
        "created_at": isoformat(row.created_at),
        "updated_at": isoformat(row.updated_at),
        "deleted_at": None,
    }


def deleted(id_: str, object_: str, **extra: Any) -> dict[str, Any]:
    return {"id": id_, "object": object_, "deleted": True, **extra}
