from interfaces.http.schemas.base import ApiModel


class TagsResponse(ApiModel):
    tags: list[str]
