"""Remind applicants by e-mail that their proof of use is due soon.

Run once a day, e.g. from cron (``15 7 * * * cd /srv/kiezportal && .venv/bin/python manage.py
actionfund_proof_reminders``) or a systemd timer. Each application is reminded once.
"""

from django.core.management.base import BaseCommand

from apps.actionfund.services import proof_send_reminders


class Command(BaseCommand):
    help = "E-mail applicants whose action fund proof of use is due within the next days (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="Remind this many days before the due date.")

    def handle(self, *args, days: int, **options):
        sent = proof_send_reminders(days_before=days)
        self.stdout.write(f"{sent} reminder(s) sent.")
