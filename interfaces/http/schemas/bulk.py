from typing import Any

from pydantic import Field

from application.articles.import_articles import ImportReport
from interfaces.http.schemas.base import ApiModel

MAX_RECORDS_PER_REQUEST = 1000


class BulkArticlesRequest(ApiModel):
    articles: list[dict[str, Any]] = Field(
        min_length=1,
        max_length=MAX_RECORDS_PER_REQUEST,
        description="Records as `ImportedArticle` describes them (`id`, `title`, `description`, "
        "`body`, `tagList`, `metadata`, `createdAt`). Each is checked on its own: an invalid "
        "one is reported in `rejected` and the others are still imported.",
        examples=[
            [
                {
                    "id": "post-42",
                    "title": "How to train your dragon",
                    "description": "Ever wonder how?",
                    "body": "You have to believe",
                    "tagList": ["dragons"],
                    "metadata": {"language": "en"},
                    "createdAt": "2016-02-18T03:22:56.637Z",
                }
            ]
        ],
    )


class RejectedArticle(ApiModel):
    position: int = Field(description="1-based index of the record in `articles`.")
    reason: str


class BulkImportResponse(ApiModel):
    created: int = Field(examples=[998])
    skipped: int = Field(description="Records whose `id` the caller already imported.")
    rejected: list[RejectedArticle] = Field(
        examples=[[{"position": 3, "reason": "title can't be blank"}]]
    )

    @classmethod
    def of(cls, report: ImportReport) -> "BulkImportResponse":
        return cls(
            created=report.created,
            skipped=report.skipped,
            rejected=[
                RejectedArticle(position=r.position, reason=r.reason) for r in report.rejected
            ],
        )
