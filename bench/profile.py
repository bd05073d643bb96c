"""``python -m bench.profile``: where Conduit's CPU goes under load.

Run after ``python -m bench`` has seeded the database (``--verify`` is enough). For each
endpoint it starts Conduit (one worker, pinned as in the benchmark) and loads it with wrk,
and meanwhile either records it with ``py-spy record`` into
``bench/results/profile-<endpoint>.svg`` (a flame graph; ``--collapsed``: collapsed stacks,
``.raw``), or, with ``--cpu``, measures the server's CPU time per request. CPU per request
hardly moves when other work shares the machine, where requests per second do: it is the
figure to compare two versions of the code by. Profiling slows the server: read the graphs for
shares of time.
"""

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bench import load, servers
from bench.config import DEFAULT_DATABASE_URL, RESULTS_DIR, sqlalchemy_url
from bench.endpoints import KEYS, endpoints, load_fixtures
from infrastructure.settings import Settings

_SAMPLES_PER_SECOND = 250


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--endpoints", default="article,profile,comments")
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--no-relay", dest="relay_in_server", action="store_false", help=servers.RELAY_HELP
    )
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--collapsed", action="store_true", help="collapsed stacks, not SVG")
    shown.add_argument("--cpu", action="store_true", help="CPU time per request, no profiler")
    return parser


def main() -> None:
    arguments = _parser().parse_args()
    chosen = tuple(key.strip() for key in arguments.endpoints.split(","))
    unknown = [key for key in chosen if key not in KEYS]
    if unknown:
        raise SystemExit(f"unknown endpoints: {', '.join(unknown)}")
    beside = Path(sys.executable).with_name("py-spy")
    py_spy = str(beside) if beside.exists() else shutil.which("py-spy")
    if py_spy is None and not arguments.cpu:
        raise SystemExit("py-spy is not installed: make .venv/.dev-tools")
    asyncio.run(_profile(arguments, chosen, py_spy or ""))


async def _profile(arguments: argparse.Namespace, chosen: tuple[str, ...], py_spy: str) -> None:
    fixtures = await load_fixtures(arguments.database_url)
    server_cores, load_cores = servers.cpu_split()
    generator = load.Generator(load.ensure_wrk(), arguments.connections, 1, load_cores)
    seconds = arguments.duration
    for endpoint in endpoints(fixtures, chosen):
        server = servers.conduit(
            sqlalchemy_url(arguments.database_url),
            1,
            Settings(),
            relay_in_server=arguments.relay_in_server,
        )
        async with servers.running(server, server_cores) as base_url:
            pids = _server_pids(base_url)
            if arguments.cpu:
                await asyncio.to_thread(load.run_wrk, generator, base_url, endpoint, fixtures, 1)
                before = _cpu_seconds(pids)
                result = await asyncio.to_thread(
                    load.run_wrk, generator, base_url, endpoint, fixtures, seconds
                )
                used = _cpu_seconds(pids) - before
                per_request = used / max(result.requests, 1) * 1e6
                print(f"{endpoint.label}: {per_request:.0f} us of CPU per request")
                continue
            suffix = "raw" if arguments.collapsed else "svg"
            output = RESULTS_DIR / f"profile-{endpoint.key}.{suffix}"
            wrk = asyncio.to_thread(
                load.run_wrk, generator, base_url, endpoint, fixtures, seconds + 2
            )
            record = asyncio.to_thread(_record, py_spy, pids[0], output, seconds)
            result, _ = await asyncio.gather(wrk, record)
            print(f"{endpoint.label}: {result.rps:.0f} rps while recorded -> {output}")


def _server_pids(base_url: str) -> list[str]:
    """The processes listening on ``base_url``'s port: uvicorn's worker."""
    port = base_url.rsplit(":", 1)[1]
    fuser = shutil.which("fuser") or "/usr/bin/fuser"
    found = subprocess.run(  # noqa: S603 (fixed arguments)
        [fuser, f"{port}/tcp"], capture_output=True, text=True, check=False
    )
    return found.stdout.split()


def _cpu_seconds(pids: list[str]) -> float:
    """User and system time of ``pids`` so far (``/proc/<pid>/stat`` fields 14 and 15)."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _record(py_spy: str, pid: str, output: Path, seconds: int) -> None:
    graph = "raw" if output.suffix == ".raw" else "flamegraph"
    command = [py_spy, "record", "--pid", pid, "--subprocesses", "--duration", str(seconds)]
    command += ["--rate", str(_SAMPLES_PER_SECOND), "--format", graph, "-o", str(output)]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603 (our own command)


if __name__ == "__main__":
    main()
