from typing import Protocol


class Inventory(Protocol):
    """What the store holds, in the large."""

    async def is_empty(self) -> bool:
        """Whether the store holds no user and no article (tags, comments and the rest
        cannot exist without them)."""
        ...
