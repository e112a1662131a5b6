"""Delete expired entries of the file cache (pages, sessions) from disk."""

import pickle
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Delete expired entries of the file cache. Django's file cache removes an expired entry "
        "only when it is read or when the cache is full; the worker runs this every 10 minutes on each host so "
        "that no copy of a personal page stays on disk. Nothing to do with Redis, which expires "
        "entries itself."
    )

    def handle(self, *args, **options):
        location = Path(settings.CACHES["default"]["LOCATION"])
        if "filebased" not in settings.CACHES["default"]["BACKEND"] or not location.is_dir():
            self.stdout.write("No file cache to prune.")
            return
        now = time.time()
        removed = 0
        for path in location.glob("*.djcache"):
            try:
                with path.open("rb") as file:
                    expires = pickle.load(file)  # noqa: S301 - the cache's own file, first field
                if expires is not None and expires < now:
                    path.unlink()
                    removed += 1
            except (FileNotFoundError, EOFError, pickle.UnpicklingError):
                continue  # removed or being written by the cache itself meanwhile
        self.stdout.write(f"Removed {removed} expired cache files.")
