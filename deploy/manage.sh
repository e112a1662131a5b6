#!/usr/bin/env bash
# manage.py with the deployment's environment file, read as systemd's EnvironmentFile= reads it
# (KEY=value lines, the value taken verbatim; comments and blank lines skipped). Run it as the
# service user from the checkout, e.g.  sudo -u kiezportal deploy/manage.sh migrate --noinput
# KIEZPORTAL_ENV names another environment file (default /etc/kiezportal/kiezportal.env).
set -euo pipefail
cd "$(dirname "$0")/.."
ENV_FILE=${KIEZPORTAL_ENV:-/etc/kiezportal/kiezportal.env}
while IFS= read -r line || [ -n "$line" ]; do
  if [[ $line =~ ^[A-Z_][A-Z0-9_]*= ]]; then export "${line?}"; fi
done <"$ENV_FILE"
exec .venv/bin/python manage.py "$@"
