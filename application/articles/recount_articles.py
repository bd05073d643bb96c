from application.ports.article_counts import ArticleCountRepair, Progress


class RecountArticles:
    """Rebuild the public-article counts (overall, per author, per tag) from the articles:
    the repair for counts that drifted, say after rows were written by hand."""

    def __init__(self, repair: ArticleCountRepair) -> None:
        self._repair = repair

    async def execute(self, on_progress: Progress | None = None) -> int:
        """Returns how many counts were stored."""
        return await self._repair.rebuild(on_progress)
