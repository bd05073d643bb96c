"""Notifications of new articles by followed authors, and of comments and favorites."""
