"""The user entity: registration defaults and partial profile updates."""

import pytest

from domain.shared.errors import InvalidValue
from domain.users.values import Email, Username
from tests.factories import EPOCH, a_user


def test_a_new_user_has_no_id_an_empty_bio_and_image_and_no_timestamps_until_stored() -> None:
    user = a_user("jake")
    assert user.id is None
    assert (user.bio, user.image) == ("", "")
    assert (user.created_at, user.updated_at) == (None, None)


def test_users_are_compared_by_identity_not_by_value() -> None:
    assert a_user("jake") != a_user("jake")


def test_updating_a_profile_changes_only_the_given_fields() -> None:
    user = a_user("jake", password_hash="old-hash")
    user.update_profile(bio="I like to skateboard")
    assert user.bio == "I like to skateboard"
    assert user.username == Username("jake")
    assert user.email == Email("jake@example.com")
    assert user.password_hash == "old-hash"
    assert user.image == ""


def test_updating_a_profile_can_change_every_field_at_once() -> None:
    user = a_user("jake")
    user.update_profile(
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
    user.update_profile(bio="something", image="https://example.com/a.png")
    user.update_profile(bio="", image="")
    assert (user.bio, user.image) == ("", "")


def test_updating_a_profile_or_promoting_leaves_the_timestamps_to_storage() -> None:
    user = a_user("jake")
    user.created_at = user.updated_at = EPOCH
    user.update_profile(bio="new")
    user.promote()
    assert (user.created_at, user.updated_at) == (EPOCH, EPOCH)


def test_an_invalid_image_on_update_is_refused() -> None:
    user = a_user("jake")
    with pytest.raises(InvalidValue) as caught:
        user.update_profile(image="javascript:alert(1)")
    assert caught.value.field == "image"
    assert user.image == ""
