from application.ports.inventory import Inventory
from infrastructure.persistence.memory.store import MemoryStore


class InMemoryInventory(Inventory):
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def is_empty(self) -> bool:
        data = self._store.committed
        return not data.users and not data.articles
