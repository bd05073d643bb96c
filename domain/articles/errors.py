from domain.shared.errors import NotFound, VersionConflict


class ArticleNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("article not found", field="slug")


class ArticleChanged(VersionConflict):
    """The article was written since the caller read the version it based its change on."""

    def __init__(self) -> None:
        super().__init__("the article has changed since it was read; read it again")


class CommentNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("comment not found", field="id")
