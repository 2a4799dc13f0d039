import asyncio

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from restock.kit.emails import normalize_email
from restock.kit.fields import parse_fields
from restock.kit.ids import new_id
from restock.kit.schema import omittable
from restock.kit.tasks import all_or_none
from restock.kit.validation import describe


class Restock(BaseModel):
    model_config = ConfigDict(extra="forbid")
    variant_id: str
    email: str = omittable()
    sales_channel_id: str = omittable()
    quantity: int = Field(default=1, ge=1)


def _message(data: object) -> str:
    with pytest.raises(ValidationError) as caught:
        Restock.model_validate(data)
    return describe(caught.value.errors())


def test_medusa_validation_messages() -> None:
    assert _message({}) == "Invalid request: Field 'variant_id' is required"
    assert _message({"variant_id": 123}) == (
        "Invalid request: Expected type: 'string' for field 'variant_id', got: '123'"
    )
    assert _message({"variant_id": "v", "email": None}) == (
        "Invalid request: Expected type: 'string' for field 'email', got: 'null'"
    )
    assert _message({"variant_id": "v", "foo": 1}) == "Invalid request: Unrecognized fields: 'foo'"
    assert _message({"variant_id": "v", "email": 5, "sales_channel_id": 7, "foo": 1}) == (
        "Invalid request: Expected type: 'string' for field 'email', got: '5'; "
        "Expected type: 'string' for field 'sales_channel_id', got: '7'; "
        "Unrecognized fields: 'foo'"
    )
    assert _message({"variant_id": "v", "quantity": 0}) == (
        "Invalid request: Value for field 'quantity' too small, expected at least: '1'"
    )
    assert _message([1, 2]) == "Invalid request: Field '' is required"


def test_at_most_three_issues() -> None:
    message = _message({"variant_id": 1, "email": 2, "sales_channel_id": 3, "quantity": "x"})
    assert message.count(";") == 2


def test_fields_parsing() -> None:
    assert parse_fields("*variants, +variants.inventory_quantity,location_levels.*,,") == {
        "variants",
        "variants.inventory_quantity",
        "location_levels",
    }
    assert parse_fields(None) == frozenset()


def test_ids_are_prefixed_sortable_ulids() -> None:
    first, second = new_id("prod"), new_id("prod")
    assert first.startswith("prod_") and len(first) == 5 + 26
    assert first != second


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("  Ann@Example.COM ", "Ann@example.com"),
        ("bob@BÜCHER.de", "bob@bücher.de"),
    ],
)
def test_email_normalisation(raw: str, normalized: str) -> None:
    assert normalize_email(raw) == normalized


@pytest.mark.parametrize(
    "raw", ["", "   ", "no-at-sign", "a@", "@x.com", "a b@x.com", "a@" + "x" * 250 + ".com"]
)
def test_invalid_emails(raw: str) -> None:
    with pytest.raises(ValueError):
        normalize_email(raw)


async def test_all_or_none_returns_results_in_order() -> None:
    async def after(seconds: float, value: int) -> int:
        await asyncio.sleep(seconds)
        return value

    assert await all_or_none([after(0.02, 1), after(0, 2)]) == [1, 2]


async def test_all_or_none_stops_the_others_and_raises_the_error_itself() -> None:
    ended: list[str] = []

    async def fails() -> None:
        raise LookupError("gone")

    async def slow() -> None:
        try:
            await asyncio.sleep(5)
        finally:
            ended.append("slow")

    with pytest.raises(LookupError, match="gone"):
        await all_or_none([slow(), fails()])
    assert ended == ["slow"]  # cancelled and finished before the error reached the caller
