"""CPU used by other processes during a measurement: the noise of a shared machine.

"Other" is neither this process and its descendants (the server under test, wrk) nor
PostgreSQL, which serves the run (and cannot be told apart from other clients' backends).
"""

import os
import time
from types import TracebackType
from typing import Self

# A run is marked noisy past this many cores of foreign work on average.
NOISY_CORES = 0.25

_Snapshot = dict[int, tuple[int, str, int]]


def _snapshot() -> _Snapshot:
    """pid -> (parent pid, command name, CPU ticks so far), from /proc."""
    found: _Snapshot = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                raw = stat.read()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        command = raw[raw.index("(") + 1 : raw.rindex(")")]
        found[int(entry.name)] = (int(fields[1]), command, int(fields[11]) + int(fields[12]))
    return found


class ForeignCpu:
    """``with ForeignCpu() as foreign: ...`` then ``foreign.cores``: average cores used."""

    def __init__(self) -> None:
        self.cores = 0.0
        self._before: _Snapshot = {}
        self._started = 0.0

    def __enter__(self) -> Self:
        self._before = _snapshot() if os.path.isdir("/proc") else {}
        self._started = time.monotonic()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._before:
            return
        after, elapsed = _snapshot(), time.monotonic() - self._started
        ticks = sum(
            used - self._before.get(pid, (0, "", 0))[2]
            for pid, (_, command, used) in after.items()
            if command != "postgres" and not _ours(pid, after)
        )
        self.cores = ticks / os.sysconf("SC_CLK_TCK") / elapsed if elapsed else 0.0


def _ours(pid: int, processes: _Snapshot) -> bool:
    me, seen = os.getpid(), set()
    while pid in processes and pid not in seen:
        if pid == me:
            return True
        seen.add(pid)
        pid = processes[pid][0]
    return False
