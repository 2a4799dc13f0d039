"""Turns Pydantic validation errors into Medusa's `Invalid request: ...` messages."""

import json
from collections.abc import Mapping, Sequence
from typing import Any

_TYPE_NAMES = {
    "string_type": "string",
    "int_type": "number",
    "int_parsing": "number",
    "float_type": "number",
    "float_parsing": "number",
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "dict_type": "object",
    "model_type": "object",
    "model_attributes_type": "object",
    "list_type": "array",
    "datetime_type": "string",
}
_TOO_SMALL = {
    "greater_than_equal": "ge",
    "greater_than": "gt",
    "too_short": "min_length",
    "string_too_short": "min_length",
}
_TOO_BIG = {
    "less_than_equal": "le",
    "less_than": "lt",
    "too_long": "max_length",
    "string_too_long": "max_length",
}
_LOCATIONS = ("body", "query", "path", "header")


def _field(loc: Sequence[Any]) -> str:
    parts = list(loc)
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    return ", ".join(str(p) for p in parts)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, default=str)
    except (TypeError, ValueError):
        return str(value)


def describe(errors: Sequence[Mapping[str, Any]]) -> str:
    """At most three issues, joined by `; `; unknown fields are gathered in one issue."""
    issues: list[str] = []
    unknown: list[str] = []
    for error in errors:
        kind, loc, ctx = error["type"], error.get("loc", ()), error.get("ctx") or {}
        field = _field(loc)
        if kind == "extra_forbidden":
            unknown.append(f"'{loc[-1]}'")
        elif kind == "json_invalid":
            issues.append("Body is not valid JSON")
        elif kind == "missing":
            issues.append(f"Field '{field}' is required")
        elif kind in ("model_attributes_type", "dict_type", "model_type") and not field:
            issues.append("Field '' is required")
        elif kind in _TYPE_NAMES:
            issues.append(
                f"Expected type: '{_TYPE_NAMES[kind]}' for field '{field}', "
                f"got: '{_shown(error.get('input'))}'"
            )
        elif kind in _TOO_SMALL:
            limit = ctx.get(_TOO_SMALL[kind], ctx.get("min_length"))
            issues.append(f"Value for field '{field}' too small, expected at least: '{limit}'")
        elif kind in _TOO_BIG:
            limit = ctx.get(_TOO_BIG[kind], ctx.get("max_length"))
            issues.append(f"Value for field '{field}' too big, expected at most: '{limit}'")
        elif kind in ("literal_error", "enum"):
            expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
            got = _shown(error.get("input"))
            issues.append(f"Expected: '{expected}' for field '{field}', but got: '{got}'")
        else:
            message = str(error.get("msg", "is invalid")).removeprefix("Value error, ")
            issues.append(f"{message} for field '{field}'" if field else message)
    if unknown:
        issues.append(f"Unrecognized fields: {', '.join(unknown)}")
    return "Invalid request: " + "; ".join(issues[:3])
