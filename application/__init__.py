"""Use cases and the async ports they need. Depends on ``domain`` only."""
