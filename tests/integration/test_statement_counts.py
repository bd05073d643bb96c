"""Every read endpoint costs a fixed number of SQL statements, whatever the page size (no N+1).

Counted on the real SQLite and PostgreSQL adapters (SQLAlchemy cursor events, asyncpg's query
log). Savepoint statements are left out: they come from the test's rolled-back transaction.
"""

import pytest
from dependency_injector import providers
from httpx import AsyncClient

from infrastructure.container import Container
from tests.conftest import SQL_BACKENDS, StatementCounter, counting_statements
from tests.factories import publish, register

AUTHORS = ("ada", "grace", "linus")
ARTICLES_PER_AUTHOR = 8

LIST_READS = (
    "/api/articles?limit={limit}",
    "/api/articles?limit={limit}&tag=dragons",
    "/api/articles?limit={limit}&language=en",
    "/api/articles?limit={limit}&author=grace",
    "/api/articles?limit={limit}&favorited=reader",
    "/api/articles/feed?limit={limit}",
    "/api/articles/deleted?limit={limit}",
    "/api/articles/drafts?limit={limit}",
)
# Reads of the caller's own shelves, settings and the admin's: no anonymous version.
OWN_READS = ("feed", "deleted", "drafts", "admin", "/user/settings")
# Search: the page and the total of matches are one statement, whatever the page.
SEARCH_READS = tuple(f"/api/articles/search?q=dragons&limit={limit}" for limit in (1, 5, 20, 100))
SINGLE_READS = (
    "/api/articles/ada-1",
    "/api/profiles/grace",
    "/api/profiles/grace/stats",
    "/api/articles/ada-1/comments",
    "/api/articles/ada-1/comments?limit=2",
    "/api/articles/ada-1/comments?cursor=MjAyNi0wMS0wMVQxMjowMDowMCswMDowMHwx",
    "/api/tags",
    "/api/user/settings",
)
# The admin check reads the caller's account first: one statement more than a plain list.
ADMIN_READS = ("/api/admin/audit?limit=20", "/api/admin/audit?entity=article&actor=ada")


@pytest.fixture(params=SQL_BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def change_log(backend: str) -> int:
    """The statements a write's audit entries and events cost: one on PostgreSQL (with the
    kept counts' change, when it moves them), one each elsewhere."""
    return 1 if backend == "postgres" else 2


@pytest.fixture(autouse=True)
def token_versions_stay_cached_and_reads_uncached(container: Container) -> None:
    """The token version check is budgeted in test_token_version_cache; here it stays cached
    for the whole test, however slow the machine. These budgets are the database's work for
    each read, so no read is answered by the read cache here (``test_cached_reads`` counts
    those)."""
    settings = container.settings().model_copy(
        update={"token_version_cache_seconds": 3600, "cache_enabled": False}
    )
    container.settings.override(providers.Object(settings))


@pytest.fixture
async def reader(client: AsyncClient, container: Container) -> dict[str, str]:
    """A reader (and administrator) who follows two authors (before they publish: notified of
    their articles), favorites and comments on many of their articles."""
    reader = await register(client, "reader")
    await container.make_admin().execute("reader")
    for author in AUTHORS:
        auth = await register(client, author)
        if author in AUTHORS[:2]:
            await client.post(f"/api/profiles/{author}/follow", headers=reader)
        for number in range(1, ARTICLES_PER_AUTHOR + 1):
            article = await publish(
                client,
                auth,
                f"{author} {number}",
                tagList=["dragons", author, f"n{number}"],
                metadata={"language": "en" if number % 2 else "fr"},
            )
            slug = article["slug"]
            await client.post(f"/api/articles/{slug}/favorite", headers=reader)
            for text in ("first", "second"):
                comment = {"comment": {"body": f"{text} on {slug}"}}
                await client.post(f"/api/articles/{slug}/comments", json=comment, headers=auth)
                await client.post(f"/api/articles/{slug}/comments", json=comment, headers=reader)
    for number in range(1, ARTICLES_PER_AUTHOR + 1):
        article = await publish(client, reader, f"regret {number}", tagList=["dragons"])
        await client.delete(f"/api/articles/{article['slug']}", headers=reader)
        await publish(client, reader, f"plan {number}", tagList=["dragons"], status="draft")
    return reader


async def test_a_page_of_notifications_is_one_statement(
    client: AsyncClient, container: Container, reader: dict[str, str]
) -> None:
    await container.relay_outbox().execute()
    for limit in (1, 20, 100):
        path = f"/api/notifications?limit={limit}"
        assert await statements_for(client, container, path, reader) == 1
    page = (await client.get("/api/notifications?limit=1", headers=reader)).json()
    assert page["notifications"][0]["type"] == "article_published"
    path = f"/api/notifications?cursor={page['nextCursor']}"
    assert await statements_for(client, container, path, reader) == 1


def queries_issued(counter: StatementCounter) -> int:
    transaction_control = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
    return sum(not s.lstrip().upper().startswith(transaction_control) for s in counter.statements)


async def statements_for(
    client: AsyncClient, container: Container, path: str, headers: dict[str, str]
) -> int:
    async with counting_statements(container) as counter:
        response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return queries_issued(counter)


async def test_no_read_endpoint_issues_more_statements_as_pages_grow(
    client: AsyncClient, container: Container, reader: dict[str, str]
) -> None:
    budgets = (
        {path.format(limit=limit): 1 for path in LIST_READS for limit in (1, 5, 20, 100)}
        | dict.fromkeys(SINGLE_READS + SEARCH_READS, 1)
        | dict.fromkeys(ADMIN_READS, 2)
    )
    anonymous_reads = [path for path in budgets if not any(own in path for own in OWN_READS)]

    issued = {
        ("authenticated", path): await statements_for(client, container, path, reader)
        for path in budgets
    } | {
        ("anonymous", path): await statements_for(client, container, path, {})
        for path in anonymous_reads
    }

    over_budget = {key: count for key, count in issued.items() if count > budgets[key[1]]}
    print("\n".join(f"{who:>13} {path}: {count}" for (who, path), count in issued.items()))
    assert over_budget == {}
    assert min(issued.values()) >= 1, "the counter saw no statement at all"


@pytest.mark.parametrize("path", LIST_READS)
async def test_a_page_by_cursor_is_one_statement_and_past_the_end_two(
    client: AsyncClient, container: Container, reader: dict[str, str], path: str
) -> None:
    first = (await client.get(path.format(limit=5), headers=reader)).json()
    keyed = f"{path.format(limit=5)}&cursor={first['nextCursor']}"
    past_the_end = f"{path.format(limit=5)}&offset=1000"

    assert await statements_for(client, container, keyed, reader) == 1
    # No row to carry the total: it is counted on its own.
    assert await statements_for(client, container, past_the_end, reader) == 2


async def test_readiness_costs_one_statement(client: AsyncClient, container: Container) -> None:
    assert await statements_for(client, container, "/readyz", {}) == 1


@pytest.mark.parametrize("tags", [[], ["dragons"], ["a", "b", "c", "d", "e", "f"]])
async def test_creating_an_article_costs_at_most_eight_statements_whatever_its_tag_count(
    client: AsyncClient,
    container: Container,
    reader: dict[str, str],
    tags: list[str],
    backend: str,
) -> None:
    """The author's settings, the article, its tags (one upsert, one link), its audit entry,
    its event and the article counts (one upsert; on PostgreSQL the last three are one) in one
    transaction, then the answer's read (two fewer without tags)."""
    article = {"title": f"Costs {len(tags)}", "description": "d", "body": "b", "tagList": tags}
    async with counting_statements(container) as counter:
        response = await client.post("/api/articles", json={"article": article}, headers=reader)
    assert response.status_code == 201, response.text
    linking = 2 if tags else 0
    counting = 0 if backend == "postgres" else 1  # a published article moves the counts
    assert queries_issued(counter) == 3 + linking + change_log(backend) + counting
    assert len(count_upserts(counter)) == 1


def count_upserts(counter: StatementCounter) -> list[str]:
    """The statements that move kept counts: on PostgreSQL, the one that also writes the audit
    entries and the events."""
    return [s for s in counter.statements if "INSERT INTO ARTICLE_COUNTS" in s.upper()]


# (method, path, body): each moves counts; the counts' change is one statement however many
# tags, authors and the overall count it moves.
COUNTED_WRITES = (
    ("PUT", "/api/articles/count-me", {"article": {"tagList": ["x", "y", "z"]}}),
    ("PUT", "/api/articles/count-me", {"article": {"status": "draft"}}),
    ("PUT", "/api/articles/count-me", {"article": {"status": "published"}}),
    ("DELETE", "/api/articles/count-me", None),
    ("POST", "/api/articles/count-me/restore", None),
    ("POST", "/api/articles/draft-me/publish", None),
)


async def test_a_write_that_moves_the_article_counts_moves_them_in_one_statement(
    client: AsyncClient, container: Container, reader: dict[str, str]
) -> None:
    await publish(client, reader, "Count me", tagList=["a", "b"])
    await publish(client, reader, "Draft me", tagList=["a"], status="draft")
    for method, path, body in COUNTED_WRITES:
        async with counting_statements(container) as counter:
            response = await client.request(method, path, json=body, headers=reader)
        assert response.status_code in (200, 204), (path, response.text)
        assert len(count_upserts(counter)) == 1, (method, path, counter.statements)


async def test_a_write_that_moves_no_article_count_writes_none(
    client: AsyncClient, container: Container, reader: dict[str, str]
) -> None:
    """A draft, and an edit of a public article's body, change no public count."""
    draft = {"title": "Plan", "description": "d", "body": "b", "status": "draft"}
    await publish(client, reader, "Count me", tagList=["a", "b"])
    async with counting_statements(container) as counter:
        drafted = await client.post("/api/articles", json={"article": draft}, headers=reader)
        edited = await client.put(
            "/api/articles/count-me", json={"article": {"body": "new"}}, headers=reader
        )
    assert (drafted.status_code, edited.status_code) == (201, 200)
    assert count_upserts(counter) == []


KEPT_TOTALS = (
    "/api/articles?limit=2",
    "/api/articles?limit=2&tag=dragons",
    "/api/articles?limit=2&author=grace",
    "/api/articles/feed?limit=2",
)


@pytest.mark.parametrize("path", KEPT_TOTALS)
async def test_the_totals_of_the_whole_list_a_tag_an_author_and_the_feed_read_the_kept_counts(
    client: AsyncClient, container: Container, reader: dict[str, str], path: str
) -> None:
    async with counting_statements(container) as counter:
        response = await client.get(path, headers=reader)
    assert response.status_code == 200, response.text
    [statement] = [s for s in counter.statements if "articles" in s]
    assert "article_counts" in statement
    assert "count(*) as total" not in statement.lower()


@pytest.mark.parametrize(
    ("changes", "budget"), [({"body": "Edited"}, 6), ({"body": "Edited", "tagList": ["x"]}, 9)]
)
async def test_editing_an_article_costs_six_statements_and_three_more_to_retag_it(
    client: AsyncClient,
    container: Container,
    reader: dict[str, str],
    changes: dict[str, object],
    budget: int,
    backend: str,
) -> None:
    """The article (locked), then its tags (read after the lock: a concurrent retag's are
    seen), the update, its audit entry and its event (one statement on PostgreSQL), then the
    answer's read; new tags: the old links deleted, one tag upsert and one link insert. The
    article is a draft, so no kept count moves (a public one's retag adds the counts' upsert,
    folded into the change log's statement on PostgreSQL)."""
    async with counting_statements(container) as counter:
        response = await client.put(
            "/api/articles/plan-1", json={"article": changes}, headers=reader
        )
    assert response.status_code == 200, response.text
    assert queries_issued(counter) == budget - 2 + change_log(backend)


async def test_commenting_costs_five_statements(
    client: AsyncClient, container: Container, reader: dict[str, str], backend: str
) -> None:
    """The article with its tags, the commenter, the comment, its audit entry and its event
    (four in all on PostgreSQL); the answer is built from what was written."""
    comment = {"comment": {"body": "Counted"}}
    async with counting_statements(container) as counter:
        response = await client.post("/api/articles/ada-1/comments", json=comment, headers=reader)
    assert response.status_code == 200, response.text
    assert queries_issued(counter) == 3 + change_log(backend)


async def test_unfavoriting_and_favoriting_again_cost_five_statements_each(
    client: AsyncClient, container: Container, reader: dict[str, str], backend: str
) -> None:
    """The article with its tags, the relation, its audit entry and its event (four in all on
    PostgreSQL), then the answer's read."""
    for method in ("DELETE", "POST"):
        async with counting_statements(container) as counter:
            response = await client.request(method, "/api/articles/ada-2/favorite", headers=reader)
        assert response.status_code == 200, response.text
        assert response.json()["article"]["favorited"] is (method == "POST")
        assert queries_issued(counter) == 3 + change_log(backend), method
