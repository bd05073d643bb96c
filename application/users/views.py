"""How a user is shown to themselves."""

from application.ports.security import TokenService
from application.read_models import AuthenticatedUserView
from domain.users.user import User


def authenticated_view(user: User, tokens: TokenService) -> AuthenticatedUserView:
    assert user.id is not None, "a stored user has an id"
    return AuthenticatedUserView(
        email=user.email.value,
        token=tokens.issue(user.id, user.token_version),
        username=user.username.value,
        bio=user.bio,
        image=user.image,
    )
