from application.ports.inventory import Inventory
from infrastructure.persistence.sqlmodel import statements
from infrastructure.persistence.sqlmodel.reads import ReadDatabase


class SqlModelInventory(Inventory):
    def __init__(self, database: ReadDatabase) -> None:
        self._database = database

    async def is_empty(self) -> bool:
        [row] = await self._database.fetch(statements.ANYTHING_STORED, {})
        return not row["anything_stored"]
