"""User settings: partial changes, and a default language that must be a language tag."""

import pytest

from domain.shared.errors import InvalidValue
from domain.users.settings import NotificationPreferences, UserSettings


def test_changes_leave_what_they_do_not_name() -> None:
    settings = UserSettings(1, NotificationPreferences(follow=False), "en")

    assert settings.changed(comment=False) == UserSettings(
        1, NotificationPreferences(follow=False, comment=False), "en"
    )
    assert settings.changed(default_language=None).default_language is None
    assert settings.changed(default_language="pt-BR").default_language == "pt-BR"


@pytest.mark.parametrize("language", ["", "english", "EN", "en_US", "e"])
def test_a_default_language_that_is_no_language_tag_is_refused(language: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        UserSettings(1, default_language=language)

    assert raised.value.field == "defaultLanguage"
