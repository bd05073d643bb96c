"""The caller's own account, when a token outlives it."""

from application.errors import AuthenticationFailed
from application.ports.unit_of_work import UnitOfWork


class AccountGone(AuthenticationFailed):
    """The token is valid but its account was deleted since it was issued."""

    def __init__(self) -> None:
        super().__init__("the account of this token no longer exists")


async def refuse_if_account_gone(uow: UnitOfWork, user_id: int) -> None:
    """After a write refused for a missing reference, tell whether the caller was the missing one.

    Checking only on failure keeps the happy path free of an extra lookup: the database's
    foreign keys (and the in-memory adapter's equivalent) already refuse the write.
    """
    async with uow as fresh:
        if await fresh.users.get(user_id) is None:
            raise AccountGone()
