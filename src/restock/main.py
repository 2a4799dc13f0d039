"""The `restock` command's entry. It reads the settings before importing the commands: some
modules read them on import (metrics chooses its mode then), so a bad value would otherwise
stop the command with a traceback from inside an import."""

import sys

from pydantic import ValidationError

from restock.config import get_settings, problems


def main() -> None:
    try:
        get_settings()
    except ValidationError as error:
        for problem in problems(error):
            print(f"restock: {problem}", file=sys.stderr)
        sys.exit(2)
    from restock.cli import app

    app()
