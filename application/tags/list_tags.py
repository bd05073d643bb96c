from application.ports.queries import TagQueries


class ListTags:
    """Every tag in use, alphabetically."""

    def __init__(self, tags: TagQueries) -> None:
        self._tags = tags

    async def execute(self) -> tuple[str, ...]:
        return await self._tags.list_tags()
