"""Delete personal data past its retention period. Run daily (cron, e.g.
``30 3 * * * cd /srv/kiezportal && .venv/bin/python manage.py purge_personal_data``)."""

from django.core.management.base import BaseCommand

from apps.accounts.services import personal_data_purge


class Command(BaseCommand):
    help = "Delete unconfirmed submissions and decided applications whose retention period is over."

    def handle(self, *args, **options):
        for app, count in personal_data_purge().items():
            self.stdout.write(f"{app}: {count}")
