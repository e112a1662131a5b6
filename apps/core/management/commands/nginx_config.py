"""Render deploy/nginx/kiezportal.conf.in with this deployment's settings."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

TEMPLATE = Path(settings.BASE_DIR) / "deploy" / "nginx" / "kiezportal.conf.in"
MARKER = re.compile(r"@([A-Z_]+)@")
NGINX_MODULES = Path("/etc/nginx/modules-enabled")


def brotli_module_enabled() -> bool:
    """Whether Debian's nginx loads the brotli_static module (libnginx-mod-http-brotli-static)."""
    return any("brotli" in path.name for path in NGINX_MODULES.glob("*.conf"))


def render(values: dict[str, str]) -> str:
    """The template with every @NAME@ marker replaced; an unknown marker is an error."""
    missing = set(MARKER.findall(TEMPLATE.read_text())) - set(values)
    if missing:
        raise CommandError(f"no value for {', '.join(sorted(missing))}")
    return MARKER.sub(lambda match: str(values[match.group(1)]), TEMPLATE.read_text())


class Command(BaseCommand):
    help = (
        "Print the nginx site configuration for this deployment: server name from ALLOWED_HOSTS, "
        "static and media roots, client_max_body_size = UPLOAD_MAX_REQUEST_MB, the gunicorn "
        "instances as upstream."
    )

    def add_arguments(self, parser):
        parser.add_argument("--server-name", help="default: the first entry of ALLOWED_HOSTS")
        parser.add_argument(
            "--upstream",
            action="append",
            help="a gunicorn instance (host:port), repeatable; default 127.0.0.1:8001 and 127.0.0.1:8002",
        )
        parser.add_argument("--http-port", type=int, default=80)
        parser.add_argument("--https-port", type=int, default=443)
        parser.add_argument("--certificate", help="default: certbot's fullchain.pem for the server name")
        parser.add_argument("--certificate-key", help="default: certbot's privkey.pem for the server name")
        parser.add_argument("--acme-root", default="/var/www/letsencrypt", help="certbot's --webroot folder")
        parser.add_argument("--post-rate", default="30r/m", help="POSTs per client address (nginx limit_req)")
        parser.add_argument(
            "--brotli",
            choices=["auto", "on", "off"],
            default="auto",
            help="serve the static files' .br copies (brotli_static); auto: when nginx loads the module",
        )

    def handle(self, *args, **options):
        server_name = options["server_name"] or next(
            (host for host in settings.ALLOWED_HOSTS if host not in ("*", "") and not host.startswith(".")), None
        )
        if not server_name:
            raise CommandError("set ALLOWED_HOSTS (or pass --server-name)")
        private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
        for public in (Path(settings.MEDIA_ROOT).resolve(), Path(settings.STATIC_ROOT).resolve()):
            if private == public or private.is_relative_to(public):
                raise CommandError(f"PRIVATE_MEDIA_ROOT ({private}) must not be inside a public folder ({public})")
        live = Path("/etc/letsencrypt/live") / server_name
        upstream = options["upstream"] or ["127.0.0.1:8001", "127.0.0.1:8002"]
        values = {
            "SERVER_NAME": server_name,
            "UPSTREAM_SERVERS": "\n".join(f"    server {address};" for address in upstream),
            "HTTP_PORT": options["http_port"],
            "HTTPS_PORT": options["https_port"],
            "HTTPS_PORT_SUFFIX": "" if options["https_port"] == 443 else f":{options['https_port']}",
            "CERTIFICATE": options["certificate"] or live / "fullchain.pem",
            "CERTIFICATE_KEY": options["certificate_key"] or live / "privkey.pem",
            "ACME_ROOT": options["acme_root"],
            "POST_RATE": options["post_rate"],
            "STATIC_ROOT": Path(settings.STATIC_ROOT),
            "MEDIA_ROOT": Path(settings.MEDIA_ROOT),
            "UPLOAD_MAX_REQUEST_MB": settings.UPLOAD_MAX_REQUEST_MB,
            "BROTLI_STATIC": "        brotli_static on;"
            if options["brotli"] == "on" or (options["brotli"] == "auto" and brotli_module_enabled())
            else "        # brotli_static on;  (apt-get install libnginx-mod-http-brotli-static)",
        }
        self.stdout.write(render(values), ending="")
