from application.ports.queries import ProfileQueries
from application.read_models import ProfileStatsView
from domain.shared.errors import NotFound


class GetProfileStats:
    """A user's publishing statistics: counts, rank by favorites received, top tags."""

    def __init__(self, profiles: ProfileQueries) -> None:
        self._profiles = profiles

    async def execute(self, username: str) -> ProfileStatsView:
        stats = await self._profiles.get_stats(username)
        if stats is None:
            raise NotFound("profile not found", field="username")
        return stats
