from application.accounts import refuse_if_account_gone
from application.ports.unit_of_work import UnitOfWork
from application.read_models import ProfileView
from domain.shared.errors import InvalidValue, NotFound


class FollowUser:
    """Follow a user by username; following twice is harmless."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def execute(self, username: str, follower_id: int) -> ProfileView:
        try:
            async with self._uow as uow:
                followee = await uow.users.get_by_username(username)
                if followee is None or followee.id is None:
                    raise NotFound("profile not found", field="username")
                followee.followed_by(follower_id)
                await uow.follows.follow(follower_id, followee.id)
                await uow.commit()
        except InvalidValue:
            await refuse_if_account_gone(self._uow, follower_id)
            raise
        return ProfileView(
            username=followee.username.value, bio=followee.bio, image=followee.image, following=True
        )
