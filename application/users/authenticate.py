from application.accounts import AccountGone
from application.errors import AuthenticationFailed
from application.ports.security import TokenService, TokenVersions


class Authenticate:
    """The user an access token speaks for: signed, unexpired, for an existing account, and
    issued since the account's last password change."""

    def __init__(self, tokens: TokenService, versions: TokenVersions) -> None:
        self._tokens = tokens
        self._versions = versions

    async def execute(self, token: str) -> int:
        claims = self._tokens.claims_of(token)
        current = await self._versions.current(claims.user_id)
        if current is not None and claims.token_version > current:
            current = await self._versions.current(claims.user_id, fresh=True)
        if current is None:
            raise AccountGone()
        if claims.token_version != current:
            raise AuthenticationFailed("token was revoked by a password change")
        return claims.user_id
