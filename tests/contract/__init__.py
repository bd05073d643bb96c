"""Contract tests: one suite per port, run against the in-memory, SQLite and PostgreSQL adapters."""
