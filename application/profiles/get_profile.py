from application.ports.queries import ProfileQueries
from application.read_models import ProfileView
from domain.shared.errors import NotFound


class GetProfile:
    """A user's public profile; ``following`` reflects the viewer."""

    def __init__(self, profiles: ProfileQueries) -> None:
        self._profiles = profiles

    async def execute(self, username: str, viewer_id: int | None) -> ProfileView:
        profile = await self._profiles.get_profile(username, viewer_id)
        if profile is None:
            raise NotFound("profile not found", field="username")
        return profile
