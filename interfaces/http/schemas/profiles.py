from application.read_models import ProfileView
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
