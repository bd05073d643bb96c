from domain.shared.errors import NotFound


class ArticleNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("article not found", field="slug")


class CommentNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("comment not found", field="id")
