from pydantic import Field

from application.read_models import ProfileStatsView, ProfileView
from interfaces.http.schemas.base import ApiModel


class Profile(ApiModel):
    username: str
    bio: str
    image: str
    following: bool

    @classmethod
    def of(cls, view: ProfileView) -> "Profile":
        return cls(username=view.username, bio=view.bio, image=view.image, following=view.following)


class ProfileResponse(ApiModel):
    profile: Profile


class TagUse(ApiModel):
    tag: str
    count: int


class ProfileStats(ApiModel):
    username: str
    articles_count: int = Field(description="Articles the user wrote.", examples=[12])
    comments_count: int = Field(description="Comments the user wrote.", examples=[40])
    favorites_received: int = Field(
        description="Favorites on the user's articles, all together.", examples=[57]
    )
    followers_count: int = Field(description="Users who follow this user.", examples=[9])
    favorites_rank: int = Field(
        description="Place among all users by favorites received: 1 is the most; equal "
        "counts share a place and the next place is skipped (SQL's RANK()).",
        examples=[3],
    )
    top_tags: list[TagUse] = Field(
        description="The tags of the user's articles, most used first (ties by name), at most 5.",
        examples=[[{"tag": "dragons", "count": 7}, {"tag": "training", "count": 3}]],
    )

    @classmethod
    def of(cls, view: ProfileStatsView) -> "ProfileStats":
        return cls(
            username=view.username,
            articles_count=view.articles,
            comments_count=view.comments,
            favorites_received=view.favorites_received,
            followers_count=view.followers,
            favorites_rank=view.favorites_rank,
            top_tags=[TagUse(tag=use.tag, count=use.count) for use in view.top_tags],
        )


class ProfileStatsResponse(ApiModel):
    stats: ProfileStats
