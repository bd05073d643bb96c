"""Conduit and the reference as subprocesses: started pinned, polled until ready, stopped."""

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.config import PROJECT_ROOT, SECRET_KEY
from infrastructure.settings import Settings

LOG_DIR = Path(tempfile.gettempdir()) / "conduit-bench"
_READY_TIMEOUT_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Server:
    name: str
    command: list[str]
    env: dict[str, str]
    port: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_split() -> tuple[list[int], list[int]]:
    """Cores for the server and for the load generator: the last core goes to wrk when there
    are two or more (and ``taskset`` exists); with one core, both share it unpinned."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2 or shutil.which("taskset") is None:
        return [], []
    return cores[:-1], cores[-1:]


RELAY_HELP = (
    "turn Conduit's in-server outbox relay off: the reference writes its outbox events and"
    " delivers none, so the writes then do the same work on both sides (the relay's share"
    " is what the two runs differ by)"
)


def pinned(command: list[str], cores: list[int]) -> list[str]:
    return ["taskset", "-c", ",".join(map(str, cores)), *command] if cores else command


def conduit(
    database_url: str, workers: int, settings: Settings, *, relay_in_server: bool = True
) -> Server:
    """``conduit serve`` as installed in this virtualenv, on PostgreSQL; with its outbox relay
    unless ``relay_in_server`` is false (see ``RELAY_HELP``)."""
    port = free_port()
    conduit_script = Path(sys.executable).with_name("conduit")
    command = [str(conduit_script), "serve", "--host", "127.0.0.1", "--port", str(port)]
    env = {
        "CONDUIT_ENV": "production",
        "CONDUIT_DATABASE_URL": database_url,
        "CONDUIT_SECRET_KEY": SECRET_KEY,
        "CONDUIT_LOG_LEVEL": "warning",
        "CONDUIT_MIGRATE_ON_START": "false",
        "CONDUIT_RELAY_IN_SERVER": str(relay_in_server).lower(),
        # The login endpoint is benchmarked for its hashing, not refused by the login limits.
        "CONDUIT_LOGIN_ATTEMPTS_PER_ACCOUNT": str(10**9),
        "CONDUIT_LOGIN_ATTEMPTS_PER_ADDRESS": str(10**9),
        **_hash_env("CONDUIT_PASSWORD_HASH_", settings),
    }
    return Server("conduit", [*command, "--workers", str(workers)], env, port)


def reference(database_url: str, workers: int, settings: Settings) -> Server:
    """The reference under uvicorn with the same loop and HTTP parser choices as Conduit's."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "bench.reference:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    env = {
        "REFERENCE_DATABASE_URL": database_url,
        "REFERENCE_SECRET_KEY": SECRET_KEY,
        "REFERENCE_TOKEN_TTL_MINUTES": str(settings.access_token_ttl_minutes),
        "REFERENCE_POOL_SIZE": str(settings.db_pool_size),
        "REFERENCE_MAX_OVERFLOW": str(settings.db_max_overflow),
        **_hash_env("REFERENCE_ARGON2_", settings),
    }
    return Server("reference", [*command, "--log-level", "warning"], env, port)


def _hash_env(prefix: str, settings: Settings) -> dict[str, str]:
    return {
        f"{prefix}MEMORY_KIB": str(settings.password_hash_memory_kib),
        f"{prefix}TIME_COST": str(settings.password_hash_time_cost),
        f"{prefix}PARALLELISM": str(settings.password_hash_parallelism),
    }


@asynccontextmanager
async def running(server: Server, cores: list[int]) -> AsyncIterator[str]:
    """Start ``server`` on ``cores``, yield its base URL once it answers, stop it on exit."""
    LOG_DIR.mkdir(exist_ok=True)
    log_path = LOG_DIR / f"{server.name}.log"
    with log_path.open("wb") as log:
        # Its own session, so stopping it reaches uvicorn's worker processes too.
        process = await asyncio.create_subprocess_exec(
            *pinned(server.command, cores),
            cwd=PROJECT_ROOT,
            env=os.environ | server.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{server.port}"
    try:
        await _wait_until_ready(process, base_url, server.name, log_path)
        yield base_url
    finally:
        await _stop(process)


async def _wait_until_ready(
    process: asyncio.subprocess.Process, base_url: str, name: str, log_path: Path
) -> None:
    deadline = asyncio.get_running_loop().time() + _READY_TIMEOUT_SECONDS
    async with httpx.AsyncClient(timeout=2) as http:
        while asyncio.get_running_loop().time() < deadline and process.returncode is None:
            try:
                if (await http.get(f"{base_url}/api/tags")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    log = await asyncio.to_thread(log_path.read_text, errors="replace")
    raise RuntimeError(f"{name} did not become ready at {base_url}; its log ({log_path}):\n{log}")


async def _stop(process: asyncio.subprocess.Process) -> None:
    for sent, patience in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        if process.returncode is not None:
            return
        try:
            os.killpg(process.pid, sent)
            await asyncio.wait_for(process.wait(), patience)
        except ProcessLookupError:
            return
        except TimeoutError:
            continue
