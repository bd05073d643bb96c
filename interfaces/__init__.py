"""Delivery: the FastAPI application and the ``conduit`` command line."""
