"""JWT access tokens: HS256 only, expiry required."""

from datetime import timedelta
from functools import lru_cache

import jwt

from application.errors import AuthenticationFailed
from application.ports.clock import Clock
from application.ports.security import TokenClaims, TokenService

_ALGORITHM = "HS256"
_VERIFIED_TOKENS_KEPT = 4096


class JwtTokenService(TokenService):
    def __init__(self, *, secret_key: str, ttl_minutes: int, clock: Clock) -> None:
        self._secret_key = secret_key
        self._ttl = timedelta(minutes=ttl_minutes)
        self._clock = clock
        # A client sends the same token with every request: its signature is checked once.
        # Only valid tokens are remembered (a refusal raises), and expiry is checked every time.
        self._verified = lru_cache(maxsize=_VERIFIED_TOKENS_KEPT)(self._verify_signature)

    def issue(self, user_id: int, token_version: int) -> str:
        now = self._clock.now()
        claims = {"sub": str(user_id), "ver": token_version, "iat": now, "exp": now + self._ttl}
        return jwt.encode(claims, self._secret_key, algorithm=_ALGORITHM)

    def claims_of(self, token: str) -> TokenClaims:
        claims, expires_at = self._verified(token)
        if expires_at <= self._clock.now().timestamp():
            raise AuthenticationFailed("token has expired")
        return claims

    def _verify_signature(self, token: str) -> tuple[TokenClaims, int]:
        """The claims and expiry of a correctly signed token."""
        try:
            # The algorithm list is pinned: a token signed otherwise (or "none") is refused.
            claims = jwt.decode(
                token,
                self._secret_key,
                algorithms=[_ALGORITHM],
                # Time claims are checked below against the Clock port alone, so tests control
                # time and a server whose clock runs slightly ahead does not refuse tokens.
                options={"require": ["exp", "sub"], "verify_exp": False, "verify_iat": False},
            )
            expires_at = int(claims["exp"])
            user_id = int(claims["sub"])
            version = claims.get("ver", 0)
            if type(version) is not int:
                raise TypeError("the token version must be an integer")
        except (jwt.InvalidTokenError, ValueError, TypeError) as error:
            raise AuthenticationFailed("token is invalid") from error
        return TokenClaims(user_id=user_id, token_version=version), expires_at
