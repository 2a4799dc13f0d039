"""The pages a person reaches from an email's link (unsubscribe, confirm a subscription, add an
address's subscriptions to an account), in the person's language: the subscription's when the
page is about one, else the browser's best among these, else RESTOCK_DEFAULT_LOCALE."""

from html import escape

from fastapi.responses import HTMLResponse

from restock.kit.html import PLAIN_PAGE, secure_html
from restock.notifications.templates import best_locale

# Each text is HTML; `{email}` and `{count}` are filled in escaped.
TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Back-in-stock emails",
        "unsubscribe.ask": "Stop all back-in-stock emails to <strong>{email}</strong>?",
        "unsubscribe.button": "Unsubscribe",
        "unsubscribe.done": "{email} will get no more back-in-stock emails.",
        "confirm.ask": "Confirm that you want one email when the item you asked about is back "
        "in stock.",
        "confirm.button": "Confirm",
        "confirm.done": "Confirmed: {email} will get one email when it is back.",
        "claim.ask": "Add the back-in-stock alerts of <strong>{email}</strong> to your account?",
        "claim.button": "Add them",
        "claim.done": "Done: alerts of {email} added to your account: {count}.",
        "broken": "This link is not valid, has expired or was used already: it may have been "
        "cut short when it was copied. Open the link from the email itself, or the one of a "
        "newer email.",
    },
    "de": {
        "title": "Verfügbarkeits-E-Mails",
        "unsubscribe.ask": "Keine Verfügbarkeits-E-Mails mehr an <strong>{email}</strong> senden?",
        "unsubscribe.button": "Abmelden",
        "unsubscribe.done": "{email} bekommt keine Verfügbarkeits-E-Mails mehr.",
        "confirm.ask": "Bestätigen Sie, dass Sie eine E-Mail möchten, sobald der Artikel wieder "
        "verfügbar ist.",
        "confirm.button": "Bestätigen",
        "confirm.done": "Bestätigt: {email} bekommt eine E-Mail, sobald er wieder da ist.",
        "claim.ask": "Die Verfügbarkeits-Benachrichtigungen von <strong>{email}</strong> zu "
        "Ihrem Konto hinzufügen?",
        "claim.button": "Hinzufügen",
        "claim.done": "Erledigt: {count} Benachrichtigungen von {email} sind jetzt in Ihrem Konto.",
        "broken": "Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt: Vielleicht "
        "wurde er beim Kopieren gekürzt. Öffnen Sie den Link direkt aus der E-Mail oder den "
        "einer neueren E-Mail.",
    },
}
_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
</head><body style="font-family: sans-serif; max-width: 32rem; margin: 3rem auto">{body}</body>
</html>"""


def language(preferred: str | None, accept_language: str | None, default: str) -> str:
    """The page's language: `preferred` (a subscription's locale) if the pages have it, else
    the browser's best, else `default`, else English."""
    available = frozenset(TEXTS)
    for tag in (preferred, best_locale(accept_language, available), default):
        if tag and tag.split("-")[0].lower() in TEXTS:
            return tag.split("-")[0].lower()
    return "en"


def page(
    lang: str, key: str, button: bool = False, status: int = 200, **values: object
) -> HTMLResponse:
    """The page saying `key`'s text, with its button (a form posting to the same link) when
    asked; values are escaped."""
    texts = TEXTS[lang]
    body = "<p>" + texts[key].format(**{k: escape(str(v)) for k, v in values.items()}) + "</p>"
    if button:
        label = texts[key.split(".")[0] + ".button"]
        body += f'<form method="post"><button type="submit">{label}</button></form>'
    html = _PAGE.format(lang=lang, title=texts["title"], body=body)
    response = secure_html(html, PLAIN_PAGE, carries_token=True)
    response.status_code = status
    return response
