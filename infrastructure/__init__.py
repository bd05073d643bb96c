"""Adapters for the application's ports, settings and the dependency-injection container."""
