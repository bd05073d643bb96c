"""Load benchmark of Conduit against a minimal raw-asyncpg reference server (``python -m bench``).

Not part of the product: nothing in ``domain``, ``application``, ``infrastructure`` or
``interfaces`` imports it, and the test suite never runs it.
"""
