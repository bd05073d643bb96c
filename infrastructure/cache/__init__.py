"""Cache adapters (in-memory, Redis) and the cache-aside read ports built on them."""
