"""Tasks of the database queue (django-tasks; with Django 6 the import becomes ``django.tasks``)."""

from django_tasks import task


@task()
def deliver_mail(mail_id: int) -> str:
    """Send one queued mail (apps/core/mail.py)."""
    from .mail import deliver

    return deliver(mail_id)


@task()
def run_scheduled_job(name: str):
    """Run one periodic job (apps/core/scheduler.py)."""
    from .scheduler import run_job

    return run_job(name)
