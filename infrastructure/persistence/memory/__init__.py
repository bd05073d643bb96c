"""The in-memory adapter: the same ports over plain Python structures, for tests and demos."""
