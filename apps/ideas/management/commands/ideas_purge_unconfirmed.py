"""Delete ideas and concerns that were never confirmed by e-mail (by hand; the worker runs the
daily job ``ideas_purge_unconfirmed``)."""

from django.core.management.base import BaseCommand

from apps.ideas.services import confirmation_days, unconfirmed_purge


class Command(BaseCommand):
    help = "Delete unconfirmed ideas and concerns older than the confirmation period (default 7 days)."

    def handle(self, *args, **options):
        count = unconfirmed_purge()
        self.stdout.write(f"Deleted {count} unconfirmed entries older than {confirmation_days()} days.")
