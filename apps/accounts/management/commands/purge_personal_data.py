"""Delete personal data past its retention period. The worker runs this daily (job
``personal_data_purge``, apps/accounts/jobs.py); the command is for running it by hand."""

from django.core.management.base import BaseCommand

from apps.accounts.services import personal_data_purge


class Command(BaseCommand):
    help = "Delete unconfirmed submissions and decided applications whose retention period is over."

    def handle(self, *args, **options):
        for app, count in personal_data_purge().items():
            self.stdout.write(f"{app}: {count}")
