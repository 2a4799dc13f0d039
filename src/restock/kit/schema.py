"""Base for request bodies: strict about unknown fields, as Medusa's validators are."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class LinkChange(Body):
    """`{add, remove}`: the body of every "link to sales channels" route."""

    add: list[str] = []
    remove: list[str] = []


def omittable() -> Any:
    """A field that may be left out (it is then None) but not sent as null, as in Medusa's
    validators: the default is not validated, an explicit null is."""
    return Field(default=None)
