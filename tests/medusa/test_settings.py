"""The mirror's settings are checked before anything runs, each problem naming its variable."""

import pytest
from pydantic import ValidationError

from restock.config import Settings, problems


def _problems(**given: object) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Settings(**given)  # type: ignore[arg-type]
    return problems(caught.value)


def test_the_mirror_settings_are_checked() -> None:
    assert _problems(medusa_url="http://medusa.test") == [
        "RESTOCK_MEDUSA_URL and RESTOCK_MEDUSA_SECRET_KEY go together"
    ]
    assert _problems(medusa_url="medusa.test", medusa_secret_key="sk_1") == [
        "RESTOCK_MEDUSA_URL must be an http:// or https:// URL"
    ]
    production = {
        "env": "production",
        "jwt_secret": "r4nd0m-s3cret-" + "abcdefghij" * 3,
        "link_secret": "l1nk-s3cret-" + "klmnopqrst" * 3,
    }
    assert _problems(**production, medusa_webhook_secret="short") == [
        "RESTOCK_MEDUSA_WEBHOOK_SECRET must be at least 32 characters in production"
    ]
    mirrored = Settings(medusa_url="https://medusa.test", medusa_secret_key="sk_1")
    assert mirrored.mirrors_medusa and not Settings().mirrors_medusa
