"""Throughput and memory of the mail worker: queue N mails, start ``manage.py worker`` against a
local aiosmtpd server, time until all are sent, read the worker's peak RSS (VmHWM).

    DATABASE_URL=postgres://…/kp_mail_bench .venv/bin/python bench/mail_worker.py 500

The database must be migrated; the mails it queues are deleted afterwards."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiezportal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from apps.core.mail import queue_mail  # noqa: E402
from apps.core.models import OutgoingMail  # noqa: E402
from tests.smtp import SmtpServer  # noqa: E402


def status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return 0


def main(count: int) -> None:
    OutgoingMail.objects.all().delete()
    smtp = SmtpServer()
    smtp.start()
    for number in range(count):
        queue_mail(
            to=f"person{number}@example.org",
            template="account/email/unknown_account",
            context={"signup_url": "/konto/signup/"},
        )
    env = {
        **os.environ,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "LOG_LEVEL": "WARNING",
    }
    started = time.monotonic()
    worker = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "worker", "--interval", "0.1"], cwd=ROOT, env=env
    )
    first = None
    while OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() < count:
        if first is None and smtp.messages:
            first = time.monotonic()
        time.sleep(0.05)
    done = time.monotonic()
    peak = status(worker.pid, "VmHWM:")
    worker.terminate()
    worker.wait()
    smtp.stop()
    first = first or started
    print(
        f"{count} mails: {count / (done - first):.1f} mails/s after the worker's start "
        f"({first - started:.1f} s to the first mail), worker peak RSS {peak / 1024:.0f} MiB"
    )
    OutgoingMail.objects.all().delete()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
