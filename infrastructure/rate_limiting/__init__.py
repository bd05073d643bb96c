"""RateLimiter adapters: in-process (one worker) and Redis (shared by every worker)."""
