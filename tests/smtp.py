"""A real SMTP server (aiosmtpd) and the real worker (``manage.py worker`` in a subprocess)
for the tests of the mail queue."""

import email
import os
import socket
import subprocess
import sys
import time
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout: float = 30, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Recorder:
    """Keeps every message; answers 550 for recipients in ``refused_domains``."""

    def __init__(self):
        self.messages = []
        self.refused_domains = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.rpartition("@")[2] in self.refused_domains:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


class SmtpServer:
    """An SMTP server on a fixed local port that can be stopped and started again."""

    def __init__(self):
        self.port = free_port()
        self.recorder = Recorder()
        self.controller = None

    def start(self):
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.recorder.messages

    def received_by(self, address: str) -> list:
        return [message for recipients, message in self.messages if address in recipients]


def database_url() -> str:
    data = connection.settings_dict
    auth = data["USER"] + (f":{data['PASSWORD']}" if data["PASSWORD"] else "")
    return f"postgres://{auth}@{data['HOST'] or '127.0.0.1'}:{data['PORT'] or 5432}/{data['NAME']}"


class Worker:
    """``manage.py worker`` against the test database and the test's SMTP port."""

    def __init__(self, smtp_port: int, log: Path, **env: str):
        environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
        environment.update(
            {
                "DJANGO_SETTINGS_MODULE": "kiezportal.test_settings",
                "DATABASE_URL": database_url(),
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_port),
                "EMAIL_TIMEOUT": "2",
                "MAIL_RETRY_DELAYS": ",".join(["1"] * 30),
                "LOG_LEVEL": "WARNING",
                "CACHE_DIR": str(log.parent / "worker-cache"),
            },
            **env,
        )
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [sys.executable, "manage.py", "worker", "--interval", "0.1", "--scheduler-interval", "3600"],
            cwd=ROOT,
            env=environment,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
