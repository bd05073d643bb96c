"""The user entity: registration defaults and partial profile updates."""

from datetime import timedelta

import pytest

from domain.shared.errors import InvalidValue
from domain.users.values import Email, Username
from tests.factories import EPOCH, a_user

LATER = EPOCH + timedelta(hours=1)


def test_a_new_user_has_no_id_an_empty_bio_and_image_and_both_timestamps_set() -> None:
    user = a_user("jake")
    assert user.id is None
    assert (user.bio, user.image) == ("", "")
    assert user.created_at == user.updated_at == EPOCH


def test_users_are_compared_by_identity_not_by_value() -> None:
    assert a_user("jake") != a_user("jake")


def test_updating_a_profile_changes_only_the_given_fields() -> None:
    user = a_user("jake", password_hash="old-hash")
    user.update_profile(now=LATER, bio="I like to skateboard")
    assert user.bio == "I like to skateboard"
    assert user.username == Username("jake")
    assert user.email == Email("jake@example.com")
    assert user.password_hash == "old-hash"
    assert user.image == ""


def test_updating_a_profile_can_change_every_field_at_once() -> None:
    user = a_user("jake")
    user.update_profile(
        now=LATER,
        username=Username("jacob"),
        email=Email("Jacob@Example.com"),
        password_hash="new-hash",
        bio=" bio ",
        image="https://example.com/jacob.png",
    )
    assert user.username.value == "jacob"
    assert user.email.value == "jacob@example.com"
    assert user.password_hash == "new-hash"
    assert user.bio == "bio"
    assert user.image == "https://example.com/jacob.png"


def test_an_empty_bio_or_image_clears_it() -> None:
    user = a_user("jake")
    user.update_profile(now=LATER, bio="something", image="https://example.com/a.png")
    user.update_profile(now=LATER, bio="", image="")
    assert (user.bio, user.image) == ("", "")


def test_updating_a_profile_moves_updated_at_but_not_created_at() -> None:
    user = a_user("jake")
    user.update_profile(now=LATER, bio="new")
    assert user.created_at == EPOCH
    assert user.updated_at == LATER


def test_an_invalid_image_on_update_is_refused() -> None:
    user = a_user("jake")
    with pytest.raises(InvalidValue) as caught:
        user.update_profile(now=LATER, image="javascript:alert(1)")
    assert caught.value.field == "image"
    assert user.image == ""
