"""Delete expired entries of the file cache (pages, sessions) from disk."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Delete cache files older than the page cache's lifetime. Django's file cache removes an "
        "expired entry only when it is read or when the cache is full; run this every few minutes "
        "(cron) so that no copy of a personal page stays on disk. Sessions fall back to the database."
    )

    def handle(self, *args, **options):
        location = Path(settings.CACHES["default"]["LOCATION"])
        if "filebased" not in settings.CACHES["default"]["BACKEND"] or not location.is_dir():
            self.stdout.write("No file cache to prune.")
            return
        cutoff = time.time() - max(settings.PAGE_CACHE_SECONDS, 60)
        removed = 0
        for path in location.glob("*.djcache"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue  # removed by the cache itself meanwhile
        self.stdout.write(f"Removed {removed} expired cache files.")
