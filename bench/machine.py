"""What a run ran on and with: recorded beside the results in ``latest.meta.json``."""

import asyncio
import os
import platform
import subprocess
from datetime import UTC, datetime
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from bench import check, load, seed
from bench.config import PROJECT_ROOT, Options, asyncpg_url
from infrastructure.settings import Settings


async def describe(
    options: Options,
    settings: Settings,
    generator: load.Generator,
    server_cores: list[int],
    busy: float,
) -> dict[str, Any]:
    connection = await asyncpg.connect(asyncpg_url(options.database_url))
    try:
        postgres = await connection.fetchval("SHOW server_version")
    finally:
        await connection.close()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "busy_cores_before_load": round(busy, 2),
        "server_cores": server_cores,
        "load_generator_cores": generator.cores,
        "workers": options.workers,
        "relay_in_server": options.relay_in_server,
        "connections": options.connections,
        "threads": generator.threads,
        "duration_seconds": options.duration,
        "warmup_seconds": options.warmup,
        "sizes": options.sizes.as_dict(),
        "login_hash": seed.password_hasher(settings).parameters,
        "db_pool": {"size": settings.db_pool_size, "max_overflow": settings.db_max_overflow},
        "postgresql": postgres,
        "python": platform.python_version(),
        "wrk": load.wrk_version(generator.wrk),
        "statements_counted": (
            "on the wire by a PostgreSQL protocol proxy (bench/pgwire.py): Query and Execute"
            f" messages over {check.COUNTED_REQUESTS} sequential requests after"
            f" {check.WARMUP_REQUESTS} warm-up requests, divided by their number"
        ),
    }


async def busy_cores() -> float:
    """Cores kept busy by anything over one second (from /proc/stat; 0 where it is missing)."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            ticks = [int(value) for value in stat.readline().split()[1:]]
        return sum(ticks), ticks[3] + ticks[4]

    try:
        total, idle = sample()
        await asyncio.sleep(1)
        total_after, idle_after = sample()
    except OSError:
        return 0.0
    elapsed = total_after - total
    return (1 - (idle_after - idle) / elapsed) * (os.cpu_count() or 1) if elapsed else 0.0


def _commit() -> str:
    described = subprocess.run(
        ["git", "describe", "--always", "--dirty"],  # noqa: S607 (git from PATH, as a developer runs it)
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return described.stdout.strip()


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()
