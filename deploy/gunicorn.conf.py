"""gunicorn settings for Kiezportal, read by deploy/systemd/kiezportal@.service.

The unit passes ``--bind 127.0.0.1:<port>`` (its instance name), so one host can run several
instances behind nginx's upstream. Everything else comes from here or the environment file.
"""

import multiprocessing
import os

wsgi_app = "kiezportal.wsgi:application"
# Synchronous workers: the portal renders server-side and every request is short.
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
# Replace each worker after a while, so that a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# nginx on this host is the only client; only it may set X-Forwarded-Proto and X-Forwarded-For.
forwarded_allow_ips = "127.0.0.1,::1"
# Logs to stdout/stderr: the journal keeps them (journalctl -u 'kiezportal@*').
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
