"""Event ids, the publishers (in-process, Redis) and what the writing process does on commit."""
