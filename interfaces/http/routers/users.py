from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from application.users.get_current_user import GetCurrentUser
from application.users.login_user import LoginUser, LoginUserCommand
from application.users.register_user import RegisterUser, RegisterUserCommand
from application.users.update_current_user import UpdateCurrentUser, UpdateUserCommand
from infrastructure.container import Container
from interfaces.http import idempotency
from interfaces.http.dependencies import CurrentUserId, provided
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.users import (
    LoginUserRequest,
    NewUserRequest,
    UpdateUserRequest,
    UserResponse,
)

router = APIRouter(tags=["User and Authentication"])


@router.post(
    "/users",
    name="users:register",
    openapi_extra=idempotency.OPENAPI,
    status_code=status.HTTP_201_CREATED,
    response_model=UserResponse,
    responses=errors(409, 422),
)
async def register(
    request: NewUserRequest,
    use_case: Annotated[RegisterUser, Depends(provided(Container.register_user))],
) -> UserResponse:
    """Register a new user."""
    user = request.user
    command = RegisterUserCommand(username=user.username, email=user.email, password=user.password)
    return UserResponse.of(await use_case.execute(command))


@router.post(
    "/users/login",
    name="users:login",
    response_model=UserResponse,
    responses=errors(401, 422, 429),
)
async def login(
    request: LoginUserRequest,
    connection: Request,
    use_case: Annotated[LoginUser, Depends(provided(Container.login_user))],
) -> UserResponse:
    """Exchange email and password for the user with a token.

    Attempts are limited per email and per client address (429 with `Retry-After`).
    """
    command = LoginUserCommand(
        email=request.user.email,
        password=request.user.password,
        client_address=connection.client.host if connection.client else None,
    )
    return UserResponse.of(await use_case.execute(command))


@router.get("/user", name="users:current", response_model=UserResponse, responses=errors(401))
async def current_user(
    user_id: CurrentUserId,
    use_case: Annotated[GetCurrentUser, Depends(provided(Container.get_current_user))],
) -> UserResponse:
    """The logged-in user."""
    return UserResponse.of(await use_case.execute(user_id))


@router.put(
    "/user", name="users:update", response_model=UserResponse, responses=errors(401, 409, 422)
)
async def update_current_user(
    request: UpdateUserRequest,
    user_id: CurrentUserId,
    use_case: Annotated[UpdateCurrentUser, Depends(provided(Container.update_current_user))],
) -> UserResponse:
    """Change email, username, password, bio or image of the logged-in user.

    Omitted fields stay as they are. An empty `email`, `username` or `password` also leaves
    it as it is (settings forms send every box, the ones left blank included); an empty or
    `null` `bio` or `image` clears it. A value that is only whitespace, or otherwise invalid,
    is a 422 and changes nothing.

    A new password revokes every token issued before it; the answer carries a new token.
    Sending the current password again is no change and revokes nothing.
    """
    changes = request.user
    given = changes.model_fields_set
    command = UpdateUserCommand(
        user_id=user_id,
        email=changes.email,
        username=changes.username,
        password=changes.password,
        bio=changes.bio if changes.bio is not None or "bio" not in given else "",
        image=changes.image if changes.image is not None or "image" not in given else "",
    )
    return UserResponse.of(await use_case.execute(command))
