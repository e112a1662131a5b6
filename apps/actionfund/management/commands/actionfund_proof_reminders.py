"""Remind applicants by e-mail that their proof of use is due soon.

The worker runs this daily (job ``actionfund_proof_reminders``, apps/actionfund/jobs.py); the
command is for running it by hand. Each application is reminded once.
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
