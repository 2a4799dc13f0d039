"""Logging for the `restock` loggers. Uvicorn configures only its own, so without this the log
provider's line (and every warning of ours) would go nowhere."""

import logging

from restock.config import Settings


def configure_logging(settings: Settings) -> None:
    logger = logging.getLogger("restock")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-9s %(name)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(settings.log_level.upper())
