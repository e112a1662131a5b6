#!/usr/bin/env bash
# Production smoke test (`make prod-smoke`, run by .ci/run after `make test`).
#
# Starts the portal on this machine as deploy/ describes it: the environment file made from
# .env.example, nginx with the site rendered by `manage.py nginx_config` (TLS with a self-signed
# certificate), two gunicorn instances and the worker from the ExecStart lines of the systemd
# units, PostgreSQL and Redis, plus a local SMTP server (aiosmtpd) that catches the mail. Then
# deploy/smoke/test_prod.py drives Chromium and plain HTTP through nginx over HTTPS.
# Everything lives in a temporary prefix instead of /etc and /srv; the trap removes it again.
#
# Overridable: SMOKE_PREFIX, SMOKE_HTTP_PORT (8080), SMOKE_HTTPS_PORT (8443), SMOKE_APP_PORTS
# ("8101 8102"), SMOKE_SMTP_PORT (8025), SMOKE_PG, SMOKE_DB, SMOKE_REDIS, SMOKE_REDIS_DB (10;
# counters in the next one), SMOKE_KEEP=1 keeps the prefix for a look at the logs.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PY=$ROOT/.venv/bin/python
PREFIX=${SMOKE_PREFIX:-$(mktemp -d /tmp/kiezportal-smoke.XXXXXX)}
HTTP_PORT=${SMOKE_HTTP_PORT:-8080}
HTTPS_PORT=${SMOKE_HTTPS_PORT:-8443}
read -r -a APP_PORTS <<<"${SMOKE_APP_PORTS:-8101 8102}"
SMTP_PORT=${SMOKE_SMTP_PORT:-8025}
PG=${SMOKE_PG:-postgres://postgres@127.0.0.1:5432}
DB=${SMOKE_DB:-kp_smoke}
REDIS=${SMOKE_REDIS:-redis://127.0.0.1:6379}
REDIS_DB=${SMOKE_REDIS_DB:-10}
ENV_FILE=$PREFIX/etc/kiezportal.env
NGINX_DIR=$PREFIX/nginx
STARTED=$(date +%s)

pids=()
log() { printf '[prod-smoke %3ss] %s\n' "$(($(date +%s) - STARTED))" "$*"; }

cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -f "$NGINX_DIR/nginx.pid" ]; then nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -s stop 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" != 0 ]; then
    for file in "$PREFIX"/log/*.log "$NGINX_DIR/error.log"; do
      [ -s "$file" ] && { echo "---- last lines of $file"; tail -n 25 "$file"; }
    done
  fi
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  redis-cli -u "$REDIS/$REDIS_DB" flushdb >/dev/null 2>&1 || true
  redis-cli -u "$REDIS/$((REDIS_DB + 1))" flushdb >/dev/null 2>&1 || true
  if [ -z "${SMOKE_KEEP:-}" ]; then rm -rf "$PREFIX"; else echo "kept $PREFIX"; fi
  log "done (exit $status)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- What the machine must have (.ci/run installs nginx and starts PostgreSQL and Redis) ---
command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install nginx)"; exit 1; }
pg_isready -q -d "$PG/postgres" || { echo "PostgreSQL is not running at $PG"; exit 1; }
[ "$(redis-cli -u "$REDIS/0" ping 2>/dev/null)" = PONG ] || { echo "Redis is not running at $REDIS"; exit 1; }
for port in "$HTTP_PORT" "$HTTPS_PORT" "${APP_PORTS[@]}" "$SMTP_PORT"; do
  if "$PY" -c "import socket, sys; sys.exit(socket.socket().connect_ex(('127.0.0.1', $port)) != 0)"; then
    echo "port $port is in use (override with SMOKE_*_PORT)"; exit 1
  fi
done

# --- The environment file: .env.example with this machine's values ---
mkdir -p "$PREFIX"/{etc,log,tls,acme} "$NGINX_DIR"/{sites-enabled,tmp}
chmod 755 "$PREFIX"
cp .env.example "$ENV_FILE"
set_env() {  # KEY VALUE: replace the (possibly commented) line of KEY, or add it
  if grep -qE "^#? ?$1=" "$ENV_FILE"; then sed -i -E "s|^#? ?$1=.*|$1=$2|" "$ENV_FILE"; else echo "$1=$2" >>"$ENV_FILE"; fi
}
set_env SECRET_KEY "$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
set_env ALLOWED_HOSTS "localhost,127.0.0.1"
set_env CSRF_TRUSTED_ORIGINS "https://localhost:$HTTPS_PORT"
set_env SITE_URL "https://localhost:$HTTPS_PORT"
set_env DATABASE_URL "$PG/$DB"
set_env REDIS_URL "$REDIS/$REDIS_DB"
set_env VAR_DIR "$PREFIX/data"
set_env STATIC_ROOT "$PREFIX/static"
set_env MEDIA_ROOT "$PREFIX/data/media"
set_env PRIVATE_MEDIA_ROOT "$PREFIX/data/private"
set_env EMAIL_HOST 127.0.0.1
set_env EMAIL_PORT "$SMTP_PORT"
set_env EMAIL_HOST_USER ""
set_env EMAIL_HOST_PASSWORD ""
set_env EMAIL_USE_TLS 0
set_env GUNICORN_WORKERS 2
# Management commands run through deploy/manage.sh, which reads the file as systemd's
# EnvironmentFile= does; the servers below get the same variables.
export KIEZPORTAL_ENV=$ENV_FILE
unset DJANGO_SETTINGS_MODULE
while IFS= read -r line; do
  if [[ $line =~ ^[A-Z_][A-Z0-9_]*= ]]; then export "${line?}"; fi
done <"$ENV_FILE"

# Folders as the README sets them up: public files readable by nginx's group, private ones not.
NGINX_USER=$(id -u www-data >/dev/null 2>&1 && echo www-data || echo nobody)
NGINX_GROUP=$(id -gn "$NGINX_USER")
install -d -m 0755 "$VAR_DIR"
install -d -g "$NGINX_GROUP" -m 2750 "$MEDIA_ROOT" "$STATIC_ROOT"
install -d -m 0700 "$PRIVATE_MEDIA_ROOT"

# --- Database, static files, demo content (slides, logos, council documents) ---
log "database $DB, migrate, collectstatic, demo data"
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\"" >/dev/null
deploy/manage.sh migrate --noinput -v 0
deploy/manage.sh collectstatic --noinput -v 0
deploy/manage.sh load_demo >"$PREFIX/log/load_demo.log"

# --- TLS (a self-signed certificate here; certbot in production) and nginx ---
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
  -keyout "$PREFIX/tls/privkey.pem" -out "$PREFIX/tls/fullchain.pem" 2>/dev/null
upstreams=()
for port in "${APP_PORTS[@]}"; do upstreams+=(--upstream "127.0.0.1:$port"); done
deploy/manage.sh nginx_config --server-name localhost --http-port "$HTTP_PORT" --https-port "$HTTPS_PORT" \
  --certificate "$PREFIX/tls/fullchain.pem" --certificate-key "$PREFIX/tls/privkey.pem" --acme-root "$PREFIX/acme" \
  "${upstreams[@]}" >"$NGINX_DIR/sites-enabled/kiezportal.conf"
# The main file as Debian's /etc/nginx/nginx.conf has it, with paths in the prefix.
cat >"$NGINX_DIR/nginx.conf" <<NGINX
user $NGINX_USER;
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    access_log $NGINX_DIR/access.log;
    client_body_temp_path $NGINX_DIR/tmp/body;
    proxy_temp_path $NGINX_DIR/tmp/proxy;
    fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
    uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
    scgi_temp_path $NGINX_DIR/tmp/scgi;
    include $NGINX_DIR/sites-enabled/*.conf;
}
NGINX
nginx -t -q -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf"
nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf"
log "nginx on https://localhost:$HTTPS_PORT (http on $HTTP_PORT)"

# --- SMTP server that keeps every mail in a Maildir ---
"$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$PREFIX/mail" \
  >"$PREFIX/log/smtp.log" 2>&1 &
pids+=($!)

# --- The systemd units' ExecStart lines, with this checkout for /srv/kiezportal/app ---
unit_command() {  # UNIT INSTANCE
  sed -n 's/^ExecStart=//p' "deploy/systemd/$1" | sed -e "s|/srv/kiezportal/app|$ROOT|g" -e "s|%i|${2:-}|g"
}
unit_umask() { sed -n 's/^UMask=//p' "deploy/systemd/$1"; }
start_unit() {  # UNIT INSTANCE LOG
  local command
  read -r -a command <<<"$(unit_command "$1" "${2:-}")"
  (umask "$(unit_umask "$1")" && exec "${command[@]}") >"$PREFIX/log/$3.log" 2>&1 &
  pids+=($!)
}
for port in "${APP_PORTS[@]}"; do
  start_unit "kiezportal@.service" "$port" "gunicorn-$port"
done
start_unit kiezportal-worker.service "" worker

for port in "${APP_PORTS[@]}"; do
  for _ in $(seq 1 60); do
    if curl -fsS -o /dev/null -H "Host: localhost" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port/healthz"; then break; fi
    sleep 1
  done
done
curl -fsS -k -o /dev/null "https://localhost:$HTTPS_PORT/healthz"
log "two gunicorn instances behind nginx and the worker are up"

# --- The checks ---
SMOKE_URL="https://localhost:$HTTPS_PORT" SMOKE_HTTP_URL="http://localhost:$HTTP_PORT" \
  SMOKE_APP_URLS="$(printf 'http://127.0.0.1:%s ' "${APP_PORTS[@]}")" SMOKE_MAILDIR="$PREFIX/mail" \
  "$PY" -m pytest -c deploy/smoke/pytest.ini --noconftest deploy/smoke/test_prod.py
