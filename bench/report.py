"""The results: a table on the terminal, ``latest.json`` (+ ``latest.meta.json``), a PNG chart."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bench.check import Statements
from bench.endpoints import Endpoint
from bench.load import Load
from bench.noise import NOISY_CORES


@dataclass(frozen=True, slots=True)
class Outcome:
    endpoint: Endpoint
    conduit: Load
    reference: Load
    statements: Statements
    reference_statements: Statements

    @property
    def ratio(self) -> float:
        return self.conduit.rps / self.reference.rps if self.reference.rps else 0.0

    @property
    def flagged(self) -> bool:
        """Failed or refused requests make the figures meaningless until explained."""
        return any(load.non_2xx or load.socket_errors for load in (self.conduit, self.reference))

    @property
    def noisy(self) -> bool:
        """Other processes took CPU during a measurement: the ratio is not to be trusted."""
        return any(load.foreign_cpu > NOISY_CORES for load in (self.conduit, self.reference))

    @property
    def meets_target(self) -> bool | None:
        target = self.endpoint.target
        if target is None:
            return None
        p99_ok = self.endpoint.method != "GET" or self.conduit.p99_ms <= 2 * self.reference.p99_ms
        return self.ratio >= target and p99_ok and not self.flagged

    def as_json(self) -> dict[str, Any]:
        c, r = self.conduit, self.reference
        return {
            "endpoint": self.endpoint.label,
            "rps": round(c.rps, 1),
            "p50_ms": round(c.p50_ms, 2),
            "p99_ms": round(c.p99_ms, 2),
            "statements": self.statements.queries,
            "reference_rps": round(r.rps, 1),
            "ratio": round(self.ratio, 3),
            "key": self.endpoint.key,
            "reference_p50_ms": round(r.p50_ms, 2),
            "reference_p99_ms": round(r.p99_ms, 2),
            "p99_vs_reference": round(c.p99_ms / r.p99_ms, 2) if r.p99_ms else None,
            "reference_statements": self.reference_statements.queries,
            "transaction_statements": self.statements.control,
            "round_trips": self.statements.round_trips,
            "reference_round_trips": self.reference_statements.round_trips,
            "prepares": self.statements.prepares,
            "requests": c.requests,
            "reference_requests": r.requests,
            "p90_ms": round(c.p90_ms, 2),
            "max_ms": round(c.max_ms, 2),
            "non_2xx": c.non_2xx,
            "reference_non_2xx": r.non_2xx,
            "socket_errors": c.socket_errors,
            "reference_socket_errors": r.socket_errors,
            "flagged": self.flagged,
            "foreign_cpu_cores": round(c.foreign_cpu, 2),
            "reference_foreign_cpu_cores": round(r.foreign_cpu, 2),
            "noisy": self.noisy,
            "target_ratio": self.endpoint.target,
            "meets_target": self.meets_target,
        }


def _statements(counted: Statements) -> str:
    """``1 (+3)``: statements, then transaction control and pings around them."""

    def number(value: float) -> str:
        return f"{value:g}" if value == int(value) else f"{value:.2f}"

    return f"{number(counted.queries)} (+{number(counted.control)})"


def _label(outcome: Outcome) -> str:
    marks = " [!]" if outcome.flagged else ""
    return outcome.endpoint.label + marks + (" [~]" if outcome.noisy else "")


def print_table(outcomes: list[Outcome], console: Console) -> None:
    """A Markdown table, so it can be pasted as it is into an issue or a pull request."""
    table = Table(box=box.MARKDOWN)
    headers = ["endpoint", "rps", "p50 ms", "p99 ms", "statements", "ref rps", "ref p99 ms"]
    headers += ["ref statements", "ratio", "target"]
    for header in headers:
        table.add_column(header, justify="left" if header == "endpoint" else "right")
    for outcome in outcomes:
        c, r = outcome.conduit, outcome.reference
        met = {True: "met", False: "missed", None: "-"}[outcome.meets_target]
        target = f"{met} (>= {outcome.endpoint.target})" if outcome.endpoint.target else met
        table.add_row(
            escape(_label(outcome)),
            f"{c.rps:.0f}",
            f"{c.p50_ms:.1f}",
            f"{c.p99_ms:.1f}",
            _statements(outcome.statements),
            f"{r.rps:.0f}",
            f"{r.p99_ms:.1f}",
            _statements(outcome.reference_statements),
            f"{outcome.ratio:.2f}",
            target,
        )
    console.print(table)
    console.print(
        "statements: SQL statements per request as PostgreSQL received them, (+ BEGIN, COMMIT,"
        " ROLLBACK, pool pings and connection resets). Targets: ratio, and for reads"
        " p99 <= 2x the reference's.",
        markup=False,
    )
    for outcome in (o for o in outcomes if o.noisy):
        console.print(
            f"[~] {outcome.endpoint.label}: other processes used"
            f" {outcome.conduit.foreign_cpu:.2f} cores during Conduit's run and"
            f" {outcome.reference.foreign_cpu:.2f} during the reference's; run it again",
            markup=False,
        )
    for outcome in (o for o in outcomes if o.flagged):
        console.print(
            f"[!] {outcome.endpoint.label}: non-2xx Conduit {outcome.conduit.non_2xx},"
            f" reference {outcome.reference.non_2xx}; socket errors Conduit"
            f" {outcome.conduit.socket_errors}, reference {outcome.reference.socket_errors}",
            markup=False,
        )


def write_files(outcomes: list[Outcome], meta: dict[str, Any], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    results, meta_path = directory / "latest.json", directory / "latest.meta.json"
    results.write_text(json.dumps([o.as_json() for o in outcomes], indent=2) + "\n")
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    chart = directory / "latest.png"
    _chart(outcomes, meta, chart)
    return [results, meta_path, chart]


def _chart(outcomes: list[Outcome], meta: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    labels = [o.endpoint.label for o in outcomes][::-1]
    conduit = [o.conduit.rps for o in outcomes][::-1]
    reference = [o.reference.rps for o in outcomes][::-1]
    figure, axes = pyplot.subplots(figsize=(11, 0.75 * len(outcomes) + 1.8))
    positions = range(len(outcomes))
    axes.barh(
        [p + 0.2 for p in positions],
        reference,
        0.4,
        label="reference (Starlette + asyncpg)",
        color="#b0b0b0",
    )
    bars = axes.barh([p - 0.2 for p in positions], conduit, 0.4, label="Conduit", color="#5cb85c")
    for bar, outcome in zip(bars, outcomes[::-1], strict=True):
        axes.text(
            bar.get_width(),
            bar.get_y() + bar.get_height() / 2,
            f"  {outcome.ratio:.2f}x",
            va="center",
            fontsize=8,
        )
    axes.set_yticks(list(positions), labels, fontsize=8)
    axes.set_xlabel("requests per second (higher is better)")
    axes.set_title(
        f"Conduit vs reference: {meta['cores']} cores, {meta['workers']} worker(s),"
        f" {meta['connections']} connections, {meta['duration_seconds']} s per endpoint"
        + ("" if meta["relay_in_server"] else ", Conduit's relay off"),
        fontsize=10,
    )
    axes.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)
