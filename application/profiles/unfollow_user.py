from application.ports.unit_of_work import UnitOfWork
from application.read_models import ProfileView
from domain.shared.errors import NotFound


class UnfollowUser:
    """Stop following a user by username; unfollowing someone not followed is harmless."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, username: str, follower_id: int) -> ProfileView:
        async with self._uow as uow:
            followee = await uow.users.get_by_username(username)
            if followee is None or followee.id is None:
                raise NotFound("profile not found", field="username")
            await uow.follows.unfollow(follower_id, followee.id)
            await uow.commit()
        return ProfileView(
            username=followee.username.value,
            bio=followee.bio,
            image=followee.image,
            following=False,
        )
