"""Email address checks and normalisation: trimmed, domain lower-cased (IDN accepted)."""

from email_validator import EmailNotValidError, validate_email

MAX_LENGTH = 254


def normalize_email(raw: str) -> str:
    """The normalised address; ValueError with a reason when it is not a valid address."""
    candidate = raw.strip()
    if not candidate:
        raise ValueError("Email is required")
    if len(candidate) > MAX_LENGTH:
        raise ValueError(f"Email must be at most {MAX_LENGTH} characters")
    try:
        checked = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(f"Invalid email address: {error}") from None
    return f"{checked.local_part}@{checked.domain.lower()}"
