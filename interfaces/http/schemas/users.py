from pydantic import Field

from application.read_models import AuthenticatedUserView
from domain.users.values import (
    BIO_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    IMAGE_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
)
from interfaces.http.schemas.base import ApiModel, PartialUpdate

# Schema limits reject absurd input before any work; the domain applies the exact rules.
_Username = Field(max_length=USERNAME_MAX_LENGTH, examples=["jake"])
_Email = Field(max_length=EMAIL_MAX_LENGTH, examples=["jake@jake.jake"])
_Password = Field(max_length=PASSWORD_MAX_LENGTH, examples=["jakejake"])


class LoginUser(ApiModel):
    email: str = _Email
    password: str = _Password


class LoginUserRequest(ApiModel):
    user: LoginUser


class NewUser(ApiModel):
    username: str = _Username
    email: str = _Email
    password: str = _Password


class NewUserRequest(ApiModel):
    user: NewUser


class UpdateUser(PartialUpdate):
    """Omitted fields stay as they are, and so do an empty ``email``, ``username`` or
    ``password``; an empty or ``null`` ``bio`` or ``image`` clears it."""

    email: str | None = Field(default=None, max_length=EMAIL_MAX_LENGTH)
    password: str | None = Field(default=None, max_length=PASSWORD_MAX_LENGTH)
    username: str | None = Field(default=None, max_length=USERNAME_MAX_LENGTH)
    bio: str | None = Field(default=None, max_length=BIO_MAX_LENGTH)
    image: str | None = Field(default=None, max_length=IMAGE_MAX_LENGTH)


class UpdateUserRequest(ApiModel):
    user: UpdateUser


class User(ApiModel):
    email: str
    token: str
    username: str
    bio: str
    image: str


class UserResponse(ApiModel):
    user: User

    @classmethod
    def of(cls, view: AuthenticatedUserView) -> "UserResponse":
        return cls(
            user=User(
                email=view.email,
                token=view.token,
                username=view.username,
                bio=view.bio,
                image=view.image,
            )
        )
