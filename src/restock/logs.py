"""Logging for the whole process (Restock's loggers and uvicorn's): one line per record, as text
or, with RESTOCK_LOG_FORMAT=json, as one JSON object per line for a log collector.

A record's structured fields travel in `extra={"fields": {...}}`: the JSON format puts them at
the top level of the object; the text format shows the message alone, which says the same.
"""

import logging
from datetime import UTC, datetime
from typing import Any

import orjson

from restock.config import Settings

_HANDLER_NAME = "restock"
_TEXT = "%(levelname)-9s %(name)s: %(message)s"


# Control characters (a CR or LF from a request path, say) shown escaped, so that no input can
# forge a log line.
_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F]}


class TextFormatter(logging.Formatter):
    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802  # logging's name
        return super().formatMessage(record).translate(_CONTROLS)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def configure_logging(settings: Settings) -> None:
    root = logging.getLogger()
    handler = next((h for h in root.handlers if h.get_name() == _HANDLER_NAME), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler.set_name(_HANDLER_NAME)
        root.addHandler(handler)
    json = settings.log_format == "json"
    handler.setFormatter(JsonFormatter() if json else TextFormatter(_TEXT))
    level = settings.log_level.upper()
    root.setLevel(level)
    for name in ("restock", "uvicorn", "uvicorn.error"):
        logging.getLogger(name).setLevel(level)
    logging.getLogger("httpx").setLevel(max(root.level, logging.WARNING))  # a line per send
    # Each request is logged once, by Restock's own access log line.
    logging.getLogger("uvicorn.access").disabled = True
