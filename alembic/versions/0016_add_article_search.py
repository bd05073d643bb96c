"""Add full-text search over articles, and index the articles already stored.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-25

PostgreSQL: a stored generated ``tsvector`` column (title weight A, description B, body C,
English stemming) with a GIN index; adding the column computes it for every existing row.
SQLite: an FTS5 table over the articles table (external content, Porter stemming), kept in
sync by triggers and rebuilt here from the existing rows.
MariaDB: InnoDB ``FULLTEXT`` indexes over the three columns (matching) and the title alone
(its weight in the rank), the columns made case- and
accent-insensitive first (InnoDB matches by the columns' collation; nothing compares them
otherwise).
None of these structures can be described by SQLModel, so ``alembic/env.py`` leaves them out of
autogenerate comparisons (see ``infrastructure.persistence.sqlmodel.unmodelled``).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UPGRADE = (
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, description, body,
        content='articles', content_rowid='id', tokenize='porter unicode61'
    )""",
    """CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, description, body)
        VALUES (new.id, new.title, new.description, new.body);
    END""",
    """CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, description, body)
        VALUES ('delete', old.id, old.title, old.description, old.body);
    END""",
    """CREATE TRIGGER articles_fts_after_update
    AFTER UPDATE OF title, description, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, description, body)
        VALUES ('delete', old.id, old.title, old.description, old.body);
        INSERT INTO articles_fts(rowid, title, description, body)
        VALUES (new.id, new.title, new.description, new.body);
    END""",
    # The backfill: index every article stored before this migration.
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
)
SQLITE_DOWNGRADE = (
    "DROP TRIGGER articles_fts_after_update",
    "DROP TRIGGER articles_fts_after_delete",
    "DROP TRIGGER articles_fts_after_insert",
    "DROP TABLE articles_fts",
)

POSTGRES_UPGRADE = (
    """ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, description), 'B')
        || setweight(to_tsvector('english'::regconfig, body), 'C')
    ) STORED""",
    "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)",
)
POSTGRES_DOWNGRADE = (
    "DROP INDEX ix_articles_search_vector",
    "ALTER TABLE articles DROP COLUMN search_vector",
)

_MARIADB_TEXT = "COLLATE utf8mb4_uca1400_nopad_ai_ci NOT NULL"
MARIADB_UPGRADE = (
    f"""ALTER TABLE articles MODIFY title VARCHAR(255) {_MARIADB_TEXT},
        MODIFY description TEXT {_MARIADB_TEXT}, MODIFY body TEXT {_MARIADB_TEXT}""",
    # Without stop words, as FTS5: a required "how" would otherwise match no article at all.
    "SET SESSION innodb_ft_enable_stopword = OFF",
    "CREATE FULLTEXT INDEX ix_articles_fulltext ON articles (title, description, body)",
    "CREATE FULLTEXT INDEX ix_articles_fulltext_title ON articles (title)",
)
MARIADB_DOWNGRADE = (
    "DROP INDEX ix_articles_fulltext_title ON articles",
    "DROP INDEX ix_articles_fulltext ON articles",
    """ALTER TABLE articles MODIFY title VARCHAR(255) NOT NULL,
        MODIFY description TEXT NOT NULL, MODIFY body TEXT NOT NULL""",
)
UPGRADE = {"postgresql": POSTGRES_UPGRADE, "mysql": MARIADB_UPGRADE, "sqlite": SQLITE_UPGRADE}
DOWNGRADE = {
    "postgresql": POSTGRES_DOWNGRADE,
    "mysql": MARIADB_DOWNGRADE,
    "sqlite": SQLITE_DOWNGRADE,
}


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(UPGRADE[op.get_bind().dialect.name])


def downgrade() -> None:
    _run(DOWNGRADE[op.get_bind().dialect.name])
