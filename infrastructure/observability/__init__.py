"""Logs, metrics and the request context they share."""
