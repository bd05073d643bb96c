"""Full-text search over the in-memory data: a plain word tokenizer, no stemming.

Rank: every occurrence of a wanted phrase counts its field's weight (title 1.0, description
0.4, body 0.2, PostgreSQL's default A, B, C weights), so a title match outranks a body match.
"""

import re
from dataclasses import dataclass

from application.pagination import RankedPosition
from application.ports.search import ArticleSearch, SearchRequest
from application.read_models import SearchHit, SearchPage
from application.search import MATCH_END, MATCH_START, Phrase, SearchTerms
from domain.articles.article import Article
from infrastructure.persistence.memory.queries import InMemoryArticleQueries

_WORD = re.compile(r"\w+")
_WEIGHTS = (1.0, 0.4, 0.2)
_SNIPPET_WORDS = 24


@dataclass(frozen=True, slots=True)
class _Field:
    text: str
    spans: tuple[tuple[int, int], ...]
    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> "_Field":
        found = list(_WORD.finditer(text))
        return cls(text, tuple(m.span() for m in found), tuple(m[0].casefold() for m in found))

    def occurrences(self, phrase: Phrase) -> list[int]:
        """Indexes of the words where ``phrase`` starts."""
        size = len(phrase)
        return [i for i in range(len(self.words) - size + 1) if self.words[i : i + size] == phrase]

    def excerpt(self, phrases: list[Phrase]) -> str:
        marked = sorted(
            {i + k for p in phrases for i in self.occurrences(p) for k in range(len(p))}
        )
        first = max(0, marked[0] - _SNIPPET_WORDS // 3)
        last = min(len(self.words), first + _SNIPPET_WORDS) - 1
        parts, position = [], self.spans[first][0]
        for index in (i for i in marked if first <= i <= last):
            start, end = self.spans[index]
            parts += [self.text[position:start], MATCH_START, self.text[start:end], MATCH_END]
            position = end
        parts.append(self.text[position : self.spans[last][1]])
        prefix = "…" if first > 0 else ""
        suffix = "…" if last < len(self.words) - 1 else ""
        return prefix + "".join(parts) + suffix


def _score(article: Article, terms: SearchTerms) -> tuple[float, str] | None:
    """The article's rank and excerpt, or ``None`` when it does not match."""
    fields = [_Field.of(article.title), _Field.of(article.description), _Field.of(article.body)]
    if any(f.occurrences(p) for f in fields for p in terms.excluded):
        return None
    if not all(any(f.occurrences(p) for f in fields for p in clause) for clause in terms.clauses):
        return None
    wanted = [p for clause in terms.clauses for p in clause]
    counts = [sum(len(f.occurrences(p)) for p in wanted) for f in fields]
    rank = sum(weight * count for weight, count in zip(_WEIGHTS, counts, strict=True))
    best = max(range(len(fields)), key=lambda i: counts[i])
    return rank, fields[best].excerpt(wanted)


class InMemoryArticleSearch(InMemoryArticleQueries, ArticleSearch):
    async def search(self, request: SearchRequest, viewer_id: int | None) -> SearchPage:
        scored = [
            (score, article)
            for article in self._public_articles()
            if (score := _score(article, request.terms)) is not None
        ]
        scored.sort(key=lambda item: (item[0][0], item[1].id or 0), reverse=True)
        total, after = len(scored), request.after
        if after is not None:
            scored = [s for s in scored if (s[0][0], s[1].id or 0) < (after.rank, after.id)]
        page = scored[: request.limit]
        last = page[-1] if len(scored) > request.limit else None
        return SearchPage(
            hits=tuple(
                SearchHit(self._view(a, viewer_id, with_body=False), rank, snippet)
                for (rank, snippet), a in page
            ),
            total=total,
            next=RankedPosition(rank=last[0][0], id=last[1].id or 0) if last else None,
        )
