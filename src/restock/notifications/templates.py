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


def render(
    template: str,
    context: dict[str, Any],
    overrides: str | None = None,
    locale: str | None = None,
) -> Rendered:
    """`name.<locale>`, else `name.<language>`, else `name`: a German shopper with a template
    for `de` reads German, anyone else the default."""
    environment = _environment(overrides)
    tried = [locale, locale.split("-")[0]] if locale else []
    names = [f"{template}.{name}" for name in dict.fromkeys(tried)] + [template]

    def part(kind: str) -> str:
        chosen = environment.select_template([f"{name}.{kind}.j2" for name in names])
        return chosen.render(context)

    # A subject is one header line: line breaks from the data (a product title, say) become
    # spaces, or every mail path would refuse the message and it would be retried forever.
    subject = " ".join(part("subject").split())
    return Rendered(subject=subject, text=part("txt"), html=part("html"))


@cache
def locales(overrides: str | None, template: str = "variant-restock") -> frozenset[str]:
    """The locales a template exists in (`variant-restock.de.subject.j2` is `de`)."""
    found = set()
    for folder in [Path(overrides)] if overrides else []:
        found |= {p.name.split(".")[1] for p in folder.glob(f"{template}.*.subject.j2")}
    found |= {p.name.split(".")[1] for p in BUILT_IN.glob(f"{template}.*.subject.j2")}
    return frozenset(found)


def best_locale(accept_language: str | None, available: frozenset[str]) -> str | None:
    """The shopper's most preferred language (RFC 9110 `Accept-Language`) that has templates."""
    ranked = []
    for position, item in enumerate((accept_language or "").split(",")[:20]):
        tag, _, quality = item.strip().partition(";")
        try:
            weight = float(quality.strip().removeprefix("q=")) if quality else 1.0
        except ValueError:
            continue
        ranked.append((-weight, position, tag.strip().lower()))
    for weight, _, tag in sorted(ranked):
        if weight < 0 and tag in available:
            return tag
        if weight < 0 and tag.split("-")[0] in available:
            return tag.split("-")[0]
    return None
