"""Base for request bodies: strict about unknown fields, as Medusa's validators are."""

from pydantic import BaseModel, ConfigDict


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class LinkChange(Body):
    """`{add, remove}`: the body of every "link to sales channels" route."""

    add: list[str] = []
    remove: list[str] = []
