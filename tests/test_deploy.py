"""The deployment files under deploy/: the environment file lists every variable, the nginx
site renders with the settings' upload limit and passes ``nginx -t``, the systemd units read
one environment file. (deploy/smoke/run.sh starts all of it: ``make prod-smoke``.)"""

import configparser
import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parent.parent
ENV_NAME = re.compile(r'(?:os\.environ\.get|os\.environ\[|env_bool|env_int|env_list)\(?\s*"([A-Z][A-Z0-9_]*)"')


def listed_variables() -> set[str]:
    """KEY=value lines of .env.example, commented out or not."""
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)[=:]", (ROOT / ".env.example").read_text(), re.MULTILINE))


def test_env_example_lists_every_variable_the_portal_reads():
    read = set()
    for path in (ROOT / "kiezportal" / "settings.py", ROOT / "deploy" / "gunicorn.conf.py"):
        read |= set(ENV_NAME.findall(path.read_text()))
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "UPLOAD_MAX_REQUEST_MB"} <= read
    assert not read - listed_variables(), f"missing in .env.example: {sorted(read - listed_variables())}"


def render(**options) -> str:
    output = StringIO()
    call_command("nginx_config", stdout=output, **options)
    return output.getvalue()


def test_nginx_limits_the_body_to_the_largest_upload_django_accepts(settings):
    settings.ALLOWED_HOSTS = ["kiez.example.org"]
    settings.UPLOAD_MAX_REQUEST_MB = 37
    config = render()
    assert re.findall(r"client_max_body_size (\S+);", config) == ["37m"]
    assert "server_name kiez.example.org;" in config
    assert "ssl_certificate /etc/letsencrypt/live/kiez.example.org/fullchain.pem;" in config
    assert "server 127.0.0.1:8001;" in config and "server 127.0.0.1:8002;" in config
    assert f"alias {settings.MEDIA_ROOT}/;" in config
    assert str(settings.PRIVATE_MEDIA_ROOT) not in config


def test_nginx_serves_brotli_copies_of_static_files_when_its_module_is_there(settings):
    settings.ALLOWED_HOSTS = ["kiez.example.org"]
    assert "        brotli_static on;" in render(brotli="on")
    assert "        brotli_static on;" not in render(brotli="off")
    static = render(brotli="on").split("location /static/", 1)[1].split("}", 1)[0]
    assert "gzip_static on;" in static and "immutable" in static


def test_nginx_config_refuses_private_files_below_the_public_ones(settings):
    settings.ALLOWED_HOSTS = ["kiez.example.org"]
    settings.PRIVATE_MEDIA_ROOT = Path(settings.MEDIA_ROOT) / "private"
    with pytest.raises(CommandError, match="PRIVATE_MEDIA_ROOT"):
        render()


def test_the_rendered_site_passes_nginx_t(settings, tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is needed (apt-get install nginx; .ci/run installs it)"
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",  # noqa: S607
         "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    settings.ALLOWED_HOSTS = ["localhost"]
    site = tmp_path / "kiezportal.conf"
    site.write_text(
        render(
            certificate=str(tmp_path / "cert.pem"),
            certificate_key=str(tmp_path / "key.pem"),
            http_port=18080,
            https_port=18443,
        )
    )
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; include {site}; }}\n"
    )
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True)  # noqa: S603
    assert result.returncode == 0, result.stderr


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "deploy" / "systemd" / name)
    return parser


def test_the_units_read_one_environment_file():
    web, worker = unit("kiezportal@.service"), unit("kiezportal-worker.service")
    assert web["Service"]["EnvironmentFile"] == worker["Service"]["EnvironmentFile"] == "/etc/kiezportal/kiezportal.env"
    assert web["Service"]["WorkingDirectory"] == worker["Service"]["WorkingDirectory"]
    assert "--config deploy/gunicorn.conf.py --bind 127.0.0.1:%i" in web["Service"]["ExecStart"]
    assert worker["Service"]["ExecStart"].endswith("manage.py worker")


def test_gunicorn_config_trusts_only_the_local_proxy():
    namespace = {}
    exec((ROOT / "deploy" / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own config file
    assert namespace["wsgi_app"] == "kiezportal.wsgi:application"
    assert namespace["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert namespace["workers"] >= 1
