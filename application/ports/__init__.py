"""Ports: the async interfaces use cases need, implemented by infrastructure adapters."""
