"""The follow rule: anyone but oneself."""

import pytest

from domain.profiles.follow import ensure_can_follow
from domain.shared.errors import InvalidValue


def test_a_user_may_follow_anyone_but_themselves() -> None:
    ensure_can_follow(1, 2)
    ensure_can_follow(2, 1)
    with pytest.raises(InvalidValue, match="yourself") as caught:
        ensure_can_follow(7, 7)
    assert caught.value.field == "username"
