"""Renders a notification's template into subject, text and HTML (Jinja2).

Templates are looked up in `RESTOCK_TEMPLATES_DIR` first, so a shop can override any of them,
then in the package. HTML templates are autoescaped; text and subject templates are not.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

BUILT_IN = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def _environment(overrides: str | None) -> Environment:
    loaders = [FileSystemLoader(overrides)] if overrides else []
    return Environment(
        loader=ChoiceLoader([*loaders, FileSystemLoader(BUILT_IN)]),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # no file check per email: an edited template applies on restart
    )


def render(template: str, context: dict[str, Any], overrides: str | None = None) -> Rendered:
    environment = _environment(overrides)

    def part(kind: str) -> str:
        return environment.get_template(f"{template}.{kind}.j2").render(context)

    # A subject is one header line: line breaks from the data (a product title, say) become
    # spaces, or every mail path would refuse the message and it would be retried forever.
    subject = " ".join(part("subject").split())
    return Rendered(subject=subject, text=part("txt"), html=part("html"))
