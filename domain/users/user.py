"""The user entity."""

from dataclasses import dataclass

from domain.events import ProfileUpdated, UserFollowed
from domain.profiles.follow import ensure_can_follow
from domain.shared.entity import Entity
from domain.users.values import Email, Username, clean_bio, clean_image


@dataclass(eq=False, slots=True)
class User(Entity):
    """A registered person. ``id`` is ``None`` until the repository stores it; an admin may
    also read the audit log.

    ``token_version`` goes up with every password change: access tokens carry the version
    they were issued under, and older ones stop working.
    """

    username: Username
    email: Email
    password_hash: str
    bio: str
    image: str
    is_admin: bool = False
    id: int | None = None
    token_version: int = 0

    @classmethod
    def register(cls, *, username: Username, email: Email, password_hash: str) -> "User":
        return cls(username=username, email=email, password_hash=password_hash, bio="", image="")

    def update_profile(
        self,
        *,
        username: Username | None = None,
        email: Email | None = None,
        password_hash: str | None = None,
        bio: str | None = None,
        image: str | None = None,
    ) -> None:
        """Change the given fields only; ``None`` means "leave as it is". Raises
        ``ProfileUpdated`` (even when nothing changed: the user saved)."""
        old_username = self.username.value
        if username is not None:
            self.username = username
        if email is not None:
            self.email = email
        if password_hash is not None:
            self.password_hash = password_hash
            self.token_version += 1
        if bio is not None:
            self.bio = clean_bio(bio)
        if image is not None:
            self.image = clean_image(image)
        self._raise(lambda: ProfileUpdated(self.stored_id(), old_username, self.username.value))

    def followed_by(self, follower_id: int) -> None:
        """Someone starts following this user (``UserFollowed``); nobody follows themselves.
        Storage counts a follow once however often it is repeated."""
        ensure_can_follow(follower_id, self.stored_id())
        self._raise(lambda: UserFollowed(follower_id=follower_id, followee_id=self.stored_id()))

    def promote(self) -> None:
        """Make the user an administrator (granted from the command line only)."""
        self.is_admin = True
