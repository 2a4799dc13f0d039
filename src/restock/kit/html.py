"""HTML answers with the headers a page needs: what it may load (CSP), never framed, never
cached or sent on as a referrer when its URL carries a token."""

from fastapi.responses import HTMLResponse

# A page of our own markup: inline style attributes, a form posting to itself, nothing else.
PLAIN_PAGE = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
# The API docs pages: their scripts and styles come from this server, plus the inline
# start-up script the pages carry.
DOCS_PAGE = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'"
)


def secure_html(html: str | bytes, policy: str, carries_token: bool = False) -> HTMLResponse:
    headers = {
        "Content-Security-Policy": policy,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    if carries_token:
        headers["Cache-Control"] = "no-store"
    return HTMLResponse(html, headers=headers)
