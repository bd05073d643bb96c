"""User value objects validate themselves on construction."""

from collections.abc import Callable

import pytest

from domain.shared.errors import DomainError, InvalidValue
from domain.users.values import (
    BIO_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    IMAGE_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    USERNAME_MAX_LENGTH,
    Email,
    PlainPassword,
    Username,
    clean_bio,
    clean_image,
)


@pytest.mark.parametrize("name", ["jake", "jake_the.dog-2", "Жора", "a", "x" * USERNAME_MAX_LENGTH])
def test_a_username_of_letters_digits_dots_dashes_and_underscores_is_accepted(name: str) -> None:
    assert Username(name).value == name


def test_a_username_is_trimmed_of_surrounding_whitespace() -> None:
    assert Username("  jake \n").value == "jake"


@pytest.mark.parametrize("name", ["jake the dog", "jake!", "jake@home", "ja/ke", "ja\nke", "<b>"])
def test_a_username_outside_the_charset_is_refused(name: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        Username(name)
    assert caught.value.field == "username"


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_a_blank_username_is_refused(name: str) -> None:
    with pytest.raises(InvalidValue, match="blank") as caught:
        Username(name)
    assert caught.value.field == "username"


def test_a_username_longer_than_the_maximum_is_refused() -> None:
    with pytest.raises(InvalidValue, match="too long") as caught:
        Username("x" * (USERNAME_MAX_LENGTH + 1))
    assert caught.value.field == "username"


def test_equal_usernames_are_equal_values() -> None:
    assert Username(" jake ") == Username("jake")
    assert hash(Username(" jake ")) == hash(Username("jake"))


def test_an_email_is_lower_cased_and_trimmed() -> None:
    assert Email("  Jake@Example.COM ").value == "jake@example.com"


def test_emails_differing_only_in_case_are_equal() -> None:
    assert Email("JAKE@example.com") == Email("jake@EXAMPLE.com")


@pytest.mark.parametrize(
    "address",
    ["jake", "jake@", "@example.com", "jake@example", "ja ke@example.com", "jake@@example.com"],
)
def test_a_malformed_email_is_refused(address: str) -> None:
    with pytest.raises(InvalidValue, match="invalid") as caught:
        Email(address)
    assert caught.value.field == "email"


def test_a_blank_email_is_refused() -> None:
    with pytest.raises(InvalidValue, match="blank"):
        Email("  ")


def test_an_email_longer_than_the_maximum_is_refused() -> None:
    local = "x" * 64
    domain = "d" * (EMAIL_MAX_LENGTH - len(local) - len("@.com") + 1)
    with pytest.raises(InvalidValue, match="too long"):
        Email(f"{local}@{domain}.com")


@pytest.mark.parametrize("length", [PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH])
def test_a_password_within_the_length_bounds_is_accepted(length: int) -> None:
    assert PlainPassword("p" * length).value == "p" * length


@pytest.mark.parametrize("length", [0, PASSWORD_MIN_LENGTH - 1, PASSWORD_MAX_LENGTH + 1])
def test_a_password_outside_the_length_bounds_is_refused(length: int) -> None:
    with pytest.raises(InvalidValue) as caught:
        PlainPassword("p" * length)
    assert caught.value.field == "password"


@pytest.mark.parametrize("blank", [" " * PASSWORD_MIN_LENGTH, "\t\n" * PASSWORD_MIN_LENGTH])
def test_a_password_of_whitespace_only_is_refused_as_blank(blank: str) -> None:
    with pytest.raises(InvalidValue, match="password can't be blank"):
        PlainPassword(blank)


def test_a_password_is_kept_exactly_as_typed() -> None:
    assert PlainPassword("  spaced out  ").value == "  spaced out  "


def test_a_password_never_shows_itself() -> None:
    password = PlainPassword("correct horse battery")
    assert "correct horse" not in repr(password)
    assert "correct horse" not in str(password)
    assert "correct horse" not in f"{[password]}"


@pytest.mark.parametrize(
    "build",
    [
        lambda: Username("ja\x00ke"),
        lambda: Email("jake\x00@example.com"),
        lambda: PlainPassword("password\x00123"),
        lambda: clean_bio("I\x00work at statefarm"),
        lambda: clean_image("https://example.com/\x00.png"),
    ],
    ids=["username", "email", "password", "bio", "image"],
)
def test_nul_characters_are_refused_everywhere(build: Callable[[], object]) -> None:
    with pytest.raises(InvalidValue, match="NUL"):
        build()


def test_invalid_values_are_domain_errors() -> None:
    with pytest.raises(DomainError):
        Username("")


def test_a_bio_may_be_empty_and_is_trimmed() -> None:
    assert clean_bio("") == ""
    assert clean_bio("   ") == ""
    assert clean_bio("  I work at statefarm \n") == "I work at statefarm"


def test_a_bio_longer_than_the_maximum_is_refused() -> None:
    assert clean_bio("b" * BIO_MAX_LENGTH) == "b" * BIO_MAX_LENGTH
    with pytest.raises(InvalidValue) as caught:
        clean_bio("b" * (BIO_MAX_LENGTH + 1))
    assert caught.value.field == "bio"


@pytest.mark.parametrize(
    "url", ["", "https://example.com/jake.png", "http://example.com/a.jpg?size=2"]
)
def test_an_image_is_an_http_url_or_empty(url: str) -> None:
    assert clean_image(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.com/a.png",
        "example.com/a.png",
        "https://exa mple.com/a.png",
        "data:image/png;base64,AAAA",
    ],
)
def test_an_image_that_is_not_an_http_url_is_refused(url: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        clean_image(url)
    assert caught.value.field == "image"


def test_an_image_longer_than_the_maximum_is_refused() -> None:
    with pytest.raises(InvalidValue, match="too long"):
        clean_image("https://example.com/" + "a" * IMAGE_MAX_LENGTH)
