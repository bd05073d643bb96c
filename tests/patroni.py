"""A PostgreSQL high-availability cluster of the test's own: one etcd and three PostgreSQL nodes,
each under a Patroni agent, in synchronous mode (a commit is acknowledged once a second node has
it), all on free ports with their data under one temporary folder, all stopped and removed after.

Debian's ``patroni`` (3.0) and ``etcd-server`` (3.4) packages provide the programs; when they
are missing and the run is root (CI), ``apt-get`` installs them. Patroni 3.0 speaks etcd's v2
API (``python3-etcd``), so etcd runs with ``--enable-v2``. PostgreSQL comes from the machine's
binaries (``tests.replication``) and, as there, runs as the ``postgres`` user under root.

The timings are CI-sized: a leader key that lives 10 s, a Patroni loop of 1 s, and
``master_start_timeout: 0`` so that a primary whose PostgreSQL crashed fails over to its
synchronous standby at once instead of being restarted in place.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.replication import _cluster_folder, free_port

NODES = 3
SCOPE = "conduit"
STARTUP_DEADLINE_SECONDS = 120
# Program -> the Debian packages that bring it (Patroni's etcd client named: apt would pick it
# anyway, as the first of Patroni's alternatives, but the test depends on it).
PACKAGES = {"patroni": ("patroni", "python3-etcd"), "etcd": ("etcd-server",)}
_RUNNING = ("running", "streaming")


def ensure_installed() -> None:
    """Install Debian's ``patroni`` and ``etcd-server`` when missing (root only: CI)."""
    missing = [
        package
        for program, packages in PACKAGES.items()
        if shutil.which(program) is None
        for package in packages
    ]
    if not missing:
        return
    if os.geteuid() != 0:
        raise RuntimeError(f"the failover test needs Debian's {' and '.join(missing)} packages")
    environment = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    apt = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if subprocess.run(apt, env=environment, capture_output=True, check=False).returncode:  # noqa: S603 (apt-get, fixed arguments)
        subprocess.run(["apt-get", "update"], env=environment, capture_output=True, check=True)  # noqa: S607 (the system's apt-get)
        subprocess.run(apt, env=environment, capture_output=True, check=True)  # noqa: S603 (apt-get, fixed arguments)


@dataclass
class Node:
    name: str
    port: int
    api_port: int
    data: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, IndexError, ValueError):
            return None


@dataclass
class Cluster:
    folder: Path
    etcd_port: int
    nodes: list[Node] = field(default_factory=list)

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy's multi-host URL: writes go to whichever node is the primary now."""
        hosts = "&".join(f"host={node.address}" for node in self.nodes)
        return f"postgresql+asyncpg://postgres@/{database}?{hosts}&target_session_attrs=read-write"

    def members(self) -> list[dict[str, object]]:
        """Patroni's view of the cluster (``GET /cluster``), from any agent that answers."""
        for node in self.nodes:
            with contextlib.suppress(httpx.HTTPError):
                response = httpx.get(f"http://127.0.0.1:{node.api_port}/cluster", timeout=2)
                if response.status_code == 200:
                    members: list[dict[str, object]] = response.json()["members"]
                    return members
        return []

    def leader(self) -> Node | None:
        for member in self.members():
            if member.get("role") == "leader" and member.get("state") == "running":
                return next(node for node in self.nodes if node.name == member["name"])
        return None

    def wait_until_healthy(self, deadline_seconds: float = STARTUP_DEADLINE_SECONDS) -> Node:
        """A running leader and a synchronous standby streaming from it (and the third node
        running): what a write's acknowledgement needs."""
        deadline = time.monotonic() + deadline_seconds
        while time.monotonic() < deadline:
            members = self.members()
            roles = sorted(str(m.get("role")) for m in members if m.get("state") in _RUNNING)
            leader = self.leader()
            if leader is not None and roles == ["leader", "replica", "sync_standby"]:
                return leader
            time.sleep(0.5)
        raise AssertionError(f"the cluster did not become healthy: {self.members()}")

    def kill_primary_postgres(self) -> Node:
        """SIGKILL the leader's postmaster, as a crash would; returns the node."""
        leader = self.leader()
        assert leader is not None, "no leader to kill"
        pid = leader.postmaster_pid()
        assert pid is not None, "the leader has no postmaster"
        os.kill(pid, signal.SIGKILL)
        return leader

    def switchover(self) -> Node:
        """A planned switchover to the synchronous standby, through Patroni's REST API."""
        leader = self.leader()
        assert leader is not None, "no leader to switch over from"
        candidate = next(str(m["name"]) for m in self.members() if m.get("role") == "sync_standby")
        response = httpx.post(
            f"http://127.0.0.1:{leader.api_port}/switchover",
            json={"leader": leader.name, "candidate": candidate},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        return next(node for node in self.nodes if node.name == candidate)


def _patroni_config(cluster: Cluster, node: Node, binaries: Path) -> dict[str, object]:
    return {
        "scope": SCOPE,
        "name": node.name,
        "log": {"level": "WARNING"},
        "restapi": {
            "listen": f"127.0.0.1:{node.api_port}",
            "connect_address": f"127.0.0.1:{node.api_port}",
        },
        "etcd": {"host": f"127.0.0.1:{cluster.etcd_port}"},
        "bootstrap": {
            "dcs": {
                "ttl": 10,
                "loop_wait": 1,
                "retry_timeout": 3,
                "master_start_timeout": 0,
                "synchronous_mode": True,
                "postgresql": {
                    "use_pg_rewind": True,
                    "parameters": {
                        "wal_log_hints": "on",
                        "max_wal_senders": 10,
                        "max_replication_slots": 10,
                        "wal_keep_size": "128MB",
                    },
                },
            },
            "initdb": [{"encoding": "UTF8"}, {"auth": "trust"}, {"username": "postgres"}],
            "pg_hba": [
                "local all all trust",
                "host replication all 127.0.0.1/32 trust",
                "host all all 127.0.0.1/32 trust",
            ],
        },
        "postgresql": {
            "listen": node.address,
            "connect_address": node.address,
            "data_dir": str(node.data),
            "bin_dir": str(binaries),
            "pgpass": str(cluster.folder / f"{node.name}.pgpass"),
            "authentication": {
                "superuser": {"username": "postgres"},
                "replication": {"username": "postgres"},
                "rewind": {"username": "postgres"},
            },
            "parameters": {
                "unix_socket_directories": str(cluster.folder),
                "shared_buffers": "32MB",
                "max_connections": 100,
            },
        },
    }


def _start(command: list[str], log: Path, as_postgres: bool) -> subprocess.Popen[bytes]:
    if as_postgres:
        command = ["runuser", "-u", "postgres", "--", *command]
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 (etcd and patroni, fixed arguments)
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def _signal(process: subprocess.Popen[bytes] | None, number: signal.Signals) -> None:
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, number)


def _stop(process: subprocess.Popen[bytes] | None, timeout: float) -> None:
    if process is None or process.poll() is not None:
        return
    _signal(process, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal(process, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def patroni_cluster() -> Iterator[Cluster]:
    """etcd and three Patroni nodes, started and healthy; everything stopped and removed after."""
    ensure_installed()
    with _cluster_folder() as (folder, binaries, as_postgres):
        cluster = Cluster(folder, free_port())
        peer_port = free_port()
        etcd = _start(
            [
                "etcd",
                *("--name", "etcd0", "--data-dir", str(folder / "etcd")),
                *("--listen-client-urls", f"http://127.0.0.1:{cluster.etcd_port}"),
                *("--advertise-client-urls", f"http://127.0.0.1:{cluster.etcd_port}"),
                *("--listen-peer-urls", f"http://127.0.0.1:{peer_port}"),
                *("--initial-advertise-peer-urls", f"http://127.0.0.1:{peer_port}"),
                *("--initial-cluster", f"etcd0=http://127.0.0.1:{peer_port}"),
                "--enable-v2=true",
            ],
            folder / "etcd.log",
            as_postgres,
        )
        try:
            for number in range(1, NODES + 1):
                node = Node(f"node{number}", free_port(), free_port(), folder / f"node{number}")
                config = folder / f"{node.name}.yml"
                # JSON is YAML: no YAML writer needed.
                config.write_text(json.dumps(_patroni_config(cluster, node, binaries)))
                if as_postgres:
                    shutil.chown(config, "postgres", "postgres")
                cluster.nodes.append(node)
            for node in cluster.nodes:
                node.process = _start(
                    ["patroni", str(folder / f"{node.name}.yml")],
                    folder / f"{node.name}.log",
                    as_postgres,
                )
            cluster.wait_until_healthy()
            yield cluster
        finally:
            for node in cluster.nodes:  # all at once: each stops its PostgreSQL meanwhile
                _signal(node.process, signal.SIGTERM)
            for node in cluster.nodes:
                _stop(node.process, timeout=30)
            for node in cluster.nodes:  # a postmaster its agent left behind
                pid = node.postmaster_pid()
                if pid is not None:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
            _stop(etcd, timeout=10)
