"""argon2id password hashing, off the event loop."""

import asyncio

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError

from application.ports.security import PasswordHasher


class Argon2PasswordHasher(PasswordHasher):
    """Hashing takes tens of milliseconds of CPU, so it runs in a worker thread."""

    def __init__(self, *, memory_kib: int, time_cost: int, parallelism: int) -> None:
        self._argon2 = Argon2(memory_cost=memory_kib, time_cost=time_cost, parallelism=parallelism)
        self._decoy_hash = self._argon2.hash("decoy password for unknown users")

    @property
    def parameters(self) -> str:
        p = self._argon2
        return f"argon2id m={p.memory_cost} KiB, t={p.time_cost}, p={p.parallelism}"

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._argon2.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        return await asyncio.to_thread(self._verify, password_hash, password)

    async def verify_nobody(self, password: str) -> None:
        await self.verify(self._decoy_hash, password)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
