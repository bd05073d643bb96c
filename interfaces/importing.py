"""Import records as the CLI (JSON Lines) and ``POST /api/articles/bulk`` receive them: each
record is checked on its own, so one malformed record is reported, not fatal."""

from collections.abc import Iterable, Iterator
from datetime import UTC
from typing import Any

from pydantic import AwareDatetime, Field, ValidationError

from application.articles.import_articles import ImportRecord, RejectedRecord
from domain.articles.article import ArticleStatus
from domain.articles.values import IMPORT_KEY_MAX_LENGTH
from interfaces.http.schemas.base import ApiModel


class ImportedArticle(ApiModel):
    """One article to import. ``id`` is its identifier in the source: with the author, the
    idempotency key (importing the same ``id`` again is skipped)."""

    id: str = Field(min_length=1, max_length=IMPORT_KEY_MAX_LENGTH, examples=["post-42"])
    title: str = Field(examples=["How to train your dragon"])
    description: str = Field(default="", examples=["Ever wonder how?"])
    body: str = Field(examples=["You have to believe"])
    tag_list: list[str] = Field(default_factory=list, examples=[["dragons"]])
    metadata: dict[str, Any] | None = Field(default=None, examples=[{"language": "en"}])
    created_at: AwareDatetime | None = Field(
        default=None,
        description="When it was first published; the import's time if omitted.",
        examples=["2016-02-18T03:22:56.637Z"],
    )
    status: ArticleStatus = Field(
        default=ArticleStatus.PUBLISHED,
        description="`draft` imports it visible to its author only.",
        examples=["published"],
    )

    def record(self, position: int) -> ImportRecord:
        return ImportRecord(
            position=position,
            key=self.id,
            title=self.title,
            description=self.description,
            body=self.body,
            tags=self.tag_list,
            metadata=self.metadata,
            created_at=self.created_at.astimezone(UTC) if self.created_at else None,
            status=self.status,
        )


def _reason(error: ValidationError) -> str:
    problems = []
    for problem in error.errors(include_url=False):
        where = ".".join(str(part) for part in problem["loc"])
        problems.append(f"{where}: {problem['msg']}" if where else str(problem["msg"]))
    return "; ".join(problems)


def parse_record(position: int, value: Any) -> ImportRecord | RejectedRecord:
    """``value`` is a decoded JSON value, or the text of one JSON Lines line."""
    try:
        if isinstance(value, str):
            return ImportedArticle.model_validate_json(value).record(position)
        return ImportedArticle.model_validate(value).record(position)
    except ValidationError as error:
        return RejectedRecord(position, _reason(error))


def parse_json_lines(lines: Iterable[str]) -> Iterator[ImportRecord | RejectedRecord]:
    """One record per non-blank line; positions are line numbers (from 1)."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield parse_record(number, line)
