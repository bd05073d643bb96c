"""The user entity."""

from dataclasses import dataclass

from domain.shared.timestamps import Timestamped
from domain.users.values import Email, Username, clean_bio, clean_image


@dataclass(eq=False, slots=True)
class User(Timestamped):
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
        """Change the given fields only; ``None`` means "leave as it is"."""
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

    def promote(self) -> None:
        """Make the user an administrator (granted from the command line only)."""
        self.is_admin = True
