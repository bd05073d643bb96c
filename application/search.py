"""Search terms: what a reader typed, parsed once into a form every adapter can render.

The syntax is the web-search one PostgreSQL's ``websearch_to_tsquery`` reads: words are
all required, ``"quoted words"`` must appear together in that order, ``or`` between two
terms accepts either, and ``-word`` excludes articles holding it.
"""

import re
from dataclasses import dataclass

from domain.shared.errors import InvalidValue

QUERY_MAX_LENGTH = 200
# Adapters mark each match in a snippet with these private-use characters; the HTTP edge
# escapes the text and only then turns them into <mark> tags, so no article text becomes HTML.
MATCH_START = "\ue000"
MATCH_END = "\ue001"

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")

Phrase = tuple[str, ...]
"""Lower-case words that must appear together, in order (one word is a one-word phrase)."""


@dataclass(frozen=True, slots=True)
class SearchTerms:
    """Every clause must match (a clause matches when any of its phrases does), and no
    excluded phrase may."""

    text: str
    clauses: tuple[tuple[Phrase, ...], ...]
    excluded: tuple[Phrase, ...]

    @classmethod
    def parse(cls, text: str) -> "SearchTerms":
        """Raise ``InvalidValue`` (field ``q``) for a query too long or with no word to find."""
        if "\x00" in text:
            raise InvalidValue("q must not contain NUL characters", field="q")
        if len(text) > QUERY_MAX_LENGTH:
            raise InvalidValue(f"q must be at most {QUERY_MAX_LENGTH} characters", field="q")
        clauses: list[list[Phrase]] = []
        excluded: list[Phrase] = []
        joining = False
        for match in _TOKEN.finditer(text):
            negated, quoted, bare = match.groups()
            if bare is not None and bare.lower() == "or" and clauses:
                joining = True
                continue
            if bare is not None and bare.startswith("-"):
                negated, bare = "-", bare[1:]
            phrase = words_of(quoted if quoted is not None else bare)
            if not phrase:
                continue
            if negated:
                excluded.append(phrase)
            elif joining:
                clauses[-1].append(phrase)
            else:
                clauses.append([phrase])
            joining = False
        if not clauses:
            raise InvalidValue("q must contain at least one word to look for", field="q")
        return cls(
            text=text,
            clauses=tuple(tuple(clause) for clause in clauses),
            excluded=tuple(excluded),
        )


def words_of(text: str) -> Phrase:
    """The lower-case words of ``text``: runs of letters, digits and underscores."""
    return tuple(word.casefold() for word in _WORD.findall(text))
