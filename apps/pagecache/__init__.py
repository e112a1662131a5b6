"""The whole-page cache and the kept values derived from the database (see cache.py)."""
