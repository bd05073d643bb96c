from typing import Annotated

from fastapi import APIRouter, Depends

from application.profiles.follow_user import FollowUser
from application.profiles.get_profile import GetProfile
from application.profiles.get_profile_stats import GetProfileStats
from application.profiles.unfollow_user import UnfollowUser
from infrastructure.container import Container
from interfaces.http.dependencies import CurrentUserId, OptionalUserId, provided
from interfaces.http.routers.responses import errors
from interfaces.http.schemas.profiles import (
    Profile,
    ProfileResponse,
    ProfileStats,
    ProfileStatsResponse,
)

router = APIRouter(prefix="/profiles/{username}", tags=["Profile"])


@router.get("", name="profiles:get", response_model=ProfileResponse, responses=errors(401, 404))
async def get_profile(
    username: str,
    viewer_id: OptionalUserId,
    use_case: Annotated[GetProfile, Depends(provided(Container.get_profile))],
) -> ProfileResponse:
    """A user's profile; authentication is optional and sets ``following``."""
    return ProfileResponse(profile=Profile.of(await use_case.execute(username, viewer_id)))


@router.get(
    "/stats",
    name="profiles:stats",
    summary="A user's publishing statistics",
    response_model=ProfileStatsResponse,
    responses=errors(404),
)
async def get_profile_stats(
    username: str,
    use_case: Annotated[GetProfileStats, Depends(provided(Container.get_profile_stats))],
) -> ProfileStatsResponse:
    """Articles and comments written, favorites received and the rank among all users by
    them, followers, and the most used tags; public, in one SQL statement."""
    return ProfileStatsResponse(stats=ProfileStats.of(await use_case.execute(username)))


@router.post(
    "/follow",
    name="profiles:follow",
    response_model=ProfileResponse,
    responses=errors(401, 404, 422),
)
async def follow(
    username: str,
    user_id: CurrentUserId,
    use_case: Annotated[FollowUser, Depends(provided(Container.follow_user))],
) -> ProfileResponse:
    """Follow a user (idempotent). Following yourself is refused with 422."""
    return ProfileResponse(profile=Profile.of(await use_case.execute(username, user_id)))


@router.delete(
    "/follow", name="profiles:unfollow", response_model=ProfileResponse, responses=errors(401, 404)
)
async def unfollow(
    username: str,
    user_id: CurrentUserId,
    use_case: Annotated[UnfollowUser, Depends(provided(Container.unfollow_user))],
) -> ProfileResponse:
    """Stop following a user (idempotent)."""
    return ProfileResponse(profile=Profile.of(await use_case.execute(username, user_id)))
