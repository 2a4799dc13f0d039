"""Server-rendered pages: Jinja2 templates of a package, autoescaped, answered with the
headers every page of ours carries."""

from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from restock.kit.html import secure_html

# Our pages load scripts, styles and images from this server only. Inline styles are allowed
# for the emails shown in the dashboard's sandboxed preview (an iframe inherits this policy).
APP_PAGE = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class Pages:
    def __init__(self, folder: Path, **globals_: Any) -> None:
        self.environment = Environment(
            loader=FileSystemLoader(folder),
            autoescape=select_autoescape(enabled_extensions=("j2",)),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.environment.globals.update(globals_)

    def render(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = self.environment.get_template(template).render(context)
        response = secure_html(html, APP_PAGE, carries_token=True)
        response.status_code = status_code
        return response
