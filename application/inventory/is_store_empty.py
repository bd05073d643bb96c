from application.ports.inventory import Inventory


class IsStoreEmpty:
    """Whether nothing is stored yet: no user, no article."""

    def __init__(self, inventory: Inventory) -> None:
        self._inventory = inventory

    async def execute(self) -> bool:
        return await self._inventory.is_empty()
