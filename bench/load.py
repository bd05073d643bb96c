"""wrk, the load generator: installed when missing, run pinned, its Lua summary parsed."""

import json
import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass

from bench.config import LUA_DIR, PASSWORD
from bench.endpoints import Endpoint, Fixtures
from bench.noise import ForeignCpu
from bench.servers import pinned

# Login under 32 connections queues for argon2 for seconds; wrk's default 2 s would cut it off.
_REQUEST_TIMEOUT = "30s"


@dataclass(frozen=True, slots=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int
    socket_errors: int
    foreign_cpu: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def ensure_wrk() -> str:
    """The path of wrk, installing Debian's package first when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("wrk is not installed: run 'sudo apt-get install -y wrk' and retry")
    print("wrk is not installed: running 'apt-get install -y wrk'", flush=True)
    if _apt("install", "-y", "wrk") != 0:
        print("retrying after 'apt-get update'", flush=True)
        _apt("update")
        if _apt("install", "-y", "wrk") != 0:
            raise SystemExit("could not install wrk with apt-get")
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("apt-get installed wrk, but it is not on PATH")
    return found


def _apt(*arguments: str) -> int:
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "-q", *arguments]
    return subprocess.run(command, env=env, check=False).returncode  # noqa: S603 (fixed arguments)


@dataclass(frozen=True, slots=True)
class Generator:
    """How wrk runs: its executable, connections, threads and the cores it is pinned to."""

    wrk: str
    connections: int
    threads: int
    cores: list[int]


def run_wrk(
    generator: Generator, base_url: str, endpoint: Endpoint, fixtures: Fixtures, seconds: int
) -> Load:
    env = os.environ | {
        "BENCH_LUA_DIR": str(LUA_DIR),
        "BENCH_TOKEN": fixtures.token if endpoint.authenticated else "",
        # A fresh run id per wrk process keeps created titles (and slugs) unique.
        "BENCH_RUN": uuid.uuid4().hex[:10],
        "BENCH_TAGS": ",".join(fixtures.tags),
        "BENCH_OWN_SLUGS": ",".join(fixtures.own_slugs),
        "BENCH_FAVORITE_SLUGS": ",".join(fixtures.favorite_slugs),
        "BENCH_EMAIL": fixtures.email,
        "BENCH_PASSWORD": PASSWORD,
    }
    command = [generator.wrk, f"-t{generator.threads}", f"-c{generator.connections}"]
    command.append(f"-d{seconds}s")
    command += ["--timeout", _REQUEST_TIMEOUT, "-s", str(LUA_DIR / endpoint.script)]
    with ForeignCpu() as foreign:
        finished = subprocess.run(  # noqa: S603 (our own command line, no shell)
            pinned([*command, base_url + endpoint.path], generator.cores),
            env=env,
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=False,
        )
    for line in finished.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            summary = json.loads(line.removeprefix("BENCH_RESULT "))
            break
    else:
        raise RuntimeError(f"wrk gave no summary:\n{finished.stdout}\n{finished.stderr}")
    errors = ("connect_errors", "read_errors", "write_errors", "timeouts")
    return Load(
        requests=summary["requests"],
        seconds=summary["duration_us"] / 1e6,
        p50_ms=summary["p50_us"] / 1000,
        p90_ms=summary["p90_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
        max_ms=summary["max_us"] / 1000,
        non_2xx=summary["non_2xx"],
        socket_errors=sum(summary[name] for name in errors),
        foreign_cpu=foreign.cores,
    )


def wrk_version(wrk: str) -> str:
    shown = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)  # noqa: S603 (fixed arguments)
    return (shown.stdout or shown.stderr).splitlines()[0] if (shown.stdout or shown.stderr) else ""
