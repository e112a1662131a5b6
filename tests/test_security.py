"""Privacy and security headers: no foreign hosts, a strict script policy."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_and_foreign_scripts(client):
    response = client.get(reverse("pages:home"))
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script_src.strip() == "'self'"
    assert "frame-ancestors 'none'" in policy


def test_templates_load_nothing_from_other_hosts_and_have_no_inline_scripts():
    offenders = []
    for template in list(ROOT.glob("templates/**/*.html")) + list(ROOT.glob("apps/*/templates/**/*.html")):
        text = template.read_text()
        if re.search(r'(src|href)="(https?:)?//[^"]*\.(js|css|woff2?|ttf)', text):
            offenders.append(f"{template}: foreign asset")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{template}: inline script")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{template}: inline event handler")
    assert not offenders, offenders


def test_vendored_assets_carry_version_and_licence():
    for folder in (ROOT / "static" / "vendor").iterdir():
        assert (folder / "LICENSE").exists(), folder
        assert (folder / "VERSION").exists(), folder
