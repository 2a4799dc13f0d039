"""Base for request bodies: strict about unknown fields, as Medusa's validators are, and about
values no database column can hold, so that hostile input is a 400, never a 500."""

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from restock.errors import InvalidData

INT4_MAX = 2**31 - 1  # integer columns are PostgreSQL's int4
INT8_MAX = 2**63 - 1
METADATA_DEPTH = 16


def storable(text: str) -> bool:
    """Whether a text column can hold it: no NUL, no lone UTF-16 surrogate."""
    return "\x00" not in text and (text.isascii() or not _has_surrogate(text))


def _unstorable(value: Any, path: str) -> str | None:
    """Where a string that no text column stores is, if any."""
    if isinstance(value, str):
        if not storable(value):
            return path
    elif isinstance(value, dict):
        for key, item in value.items():
            found = _unstorable(key, path) or _unstorable(item, f"{path}, {key}" if path else key)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _unstorable(item, f"{path}, {index}")
            if found is not None:
                return found
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_CANNOT_STORE = "contains a character that cannot be stored"


def unstorable(where: str) -> InvalidData:
    """The error for input no text column holds, found at `where` ("Field 'email'", "the
    path")."""
    return InvalidData(f"Invalid request: {where} {_CANNOT_STORE}")


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        found = _unstorable(data, "")
        if found is not None:
            raise ValueError(f"Field '{found}' {_CANNOT_STORE}")  # described as Invalid request
        return data


def _fits_json_columns(value: Any, depth: int = 0) -> Any:
    if depth > METADATA_DEPTH:
        raise ValueError(f"Metadata may nest at most {METADATA_DEPTH} levels deep")
    if isinstance(value, bool) or value is None:
        return value
    # A float holding a whole number reads back from a JSONB column as an integer, so both
    # must fit the 64 bits that JSON encoders carry.
    if isinstance(value, int | float) and not -INT8_MAX - 1 <= value <= INT8_MAX:
        raise ValueError("Metadata numbers must fit in 64 bits")
    if isinstance(value, dict):
        for item in value.values():
            _fits_json_columns(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _fits_json_columns(item, depth + 1)
    return value


# A free-form JSON object kept as it is given, within what JSON columns and encoders take.
Metadata = Annotated[dict[str, Any] | None, AfterValidator(_fits_json_columns)]
# Counts kept in integer columns.
Count = Annotated[int, Field(ge=0, le=INT4_MAX)]
Positive = Annotated[int, Field(ge=1, le=INT4_MAX)]


class LinkChange(Body):
    """`{add, remove}`: the body of every "link to sales channels" route."""

    add: list[str] = []
    remove: list[str] = []


def omittable() -> Any:
    """A field that may be left out (it is then None) but not sent as null, as in Medusa's
    validators: the default is not validated, an explicit null is."""
    return Field(default=None)
