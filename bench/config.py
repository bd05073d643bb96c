"""What a run is made of: data sizes, run options, the shared secret and the URLs."""

import os
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
LUA_DIR = BENCH_DIR / "lua"

DEFAULT_DATABASE_URL = os.environ.get(
    "CONDUIT_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/conduit_bench"
)
# Every seeded user has this password, so login can be benchmarked with any of them.
PASSWORD = "bench-password"  # noqa: S105 (a fixture of the local benchmark data set)
# Both servers sign and check tokens with it; it never leaves this machine.
SECRET_KEY = "bench-only-secret-key-for-local-load-tests-0123456789"  # noqa: S105 (as above)


@dataclass(frozen=True, slots=True)
class Sizes:
    users: int = 200
    articles: int = 10_000
    tags: int = 50
    follows: int = 2_000
    favorites: int = 20_000
    comments: int = 20_000

    def problems(self) -> list[str]:
        """Why these sizes cannot be seeded (empty when they can)."""
        found = []
        if self.users < 12:
            found.append("--users must be at least 12 (the reader follows 10 authors)")
        if self.tags < 3:
            found.append("--tags must be at least 3 (each article has 3)")
        if self.articles < 21:
            found.append("--articles must be at least 21 (one full page and more)")
        if self.follows < 10 or self.follows > self.users * (self.users - 1) // 2:
            found.append("--follows must be between 10 and half of users * (users - 1)")
        if self.favorites > self.users * self.articles // 2:
            found.append("--favorites must be at most half of users * articles")
        if self.comments < 0 or self.favorites < 0:
            found.append("sizes cannot be negative")
        return found

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Options:
    sizes: Sizes
    database_url: str
    duration: int
    warmup: int
    connections: int
    threads: int | None
    workers: int
    endpoints: tuple[str, ...]
    pin: bool = True
    relay_in_server: bool = True


def asyncpg_url(url: str, *, port: int | None = None) -> str:
    """The URL as asyncpg takes it (``postgresql://``), optionally on another port."""
    parsed = make_url(url).set(drivername="postgresql")
    if port is not None:
        parsed = parsed.set(host="127.0.0.1", port=port)
    return parsed.render_as_string(hide_password=False)


def sqlalchemy_url(url: str, *, port: int | None = None) -> str:
    """The URL as Conduit takes it (``postgresql+asyncpg://``)."""
    return asyncpg_url(url, port=port).replace("postgresql://", "postgresql+asyncpg://", 1)


def server_address(url: str) -> tuple[str, int]:
    parsed = make_url(url)
    return parsed.host or "127.0.0.1", parsed.port or 5432
