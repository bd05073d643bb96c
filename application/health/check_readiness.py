import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from application.ports.health import DependencyProbe


@dataclass(frozen=True, slots=True)
class Readiness:
    reachable: dict[str, bool]
    # Dependencies the service answers without, degraded.
    optional: frozenset[str] = field(default_factory=frozenset)
    # Where the dependencies that can move answer now (the database primary), by name.
    addresses: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        """Every essential dependency answers."""
        return all(ok for name, ok in self.reachable.items() if name not in self.optional)

    @property
    def degraded(self) -> bool:
        return not all(self.reachable.values())

    @property
    def unreachable(self) -> list[str]:
        return [name for name, reachable in self.reachable.items() if not reachable]


class CheckReadiness:
    """Whether every dependency answers now; they are probed at the same time."""

    def __init__(self, probes: Sequence[DependencyProbe]) -> None:
        self._probes = probes

    async def execute(self) -> Readiness:
        answers = await asyncio.gather(*(probe.is_reachable() for probe in self._probes))
        return Readiness(
            reachable={
                probe.name: answer for probe, answer in zip(self._probes, answers, strict=True)
            },
            optional=frozenset(probe.name for probe in self._probes if not probe.essential),
            addresses={
                probe.name: probe.address for probe in self._probes if probe.address is not None
            },
        )
