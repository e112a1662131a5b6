"""django-allauth adapter: allauth's mails go through the portal's mail path (queued in the
database, sent by the worker: a sign-up or password reset never waits for the mail server),
their links start with SITE_URL like every other link, and they name the area instead of the
sites framework's example.com. The page a person came from survives sign-up and e-mail
verification. Sign-up does the same work whether or not the address is registered, so its
answer time tells nothing about who has an account."""

import secrets
from types import SimpleNamespace
from urllib.parse import quote, urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from apps.core.links import absolute_url, rebase, reverse_absolute, site_host
from apps.core.mail import queue_mail
from apps.core.sites import site_identity


class AccountAdapter(DefaultAccountAdapter):
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The confirmation link carries the ``next`` target of the sign-up form, so a person who
        confirms on another device (no session) still lands where they started."""
        url = reverse_absolute("account_confirm_email", key=emailconfirmation.key)
        next_url = get_next_redirect_url(request) if request is not None else None
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def mail_context(self, context: dict) -> dict:
        """allauth's context with every ``*_url`` moved onto SITE_URL (allauth builds some from the
        request's host) and ``current_site`` naming the area and SITE_URL's host."""
        context = {
            key: rebase(value) if key.endswith("_url") and isinstance(value, str) and "://" in value else value
            for key, value in context.items()
        }
        context["current_site"] = SimpleNamespace(name=site_identity().area_name, domain=site_host())
        return context

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue the mail in the request's language (``<prefix>_subject.txt``, ``<prefix>_message.txt``)."""
        queue_mail(to=email, template=template_prefix, context={"email": email, **self.mail_context(context)})

    def send_account_already_exists_mail(self, email: str) -> None:
        """Sign-up with a registered address (ACCOUNT_PREVENT_ENUMERATION): the same page and one
        mail, as for a new address. A new account costs one password hash, the slowest step by
        far, so this path hashes too; otherwise the quicker answer would give the address away."""
        make_password(secrets.token_urlsafe(16))
        super().send_account_already_exists_mail(email)
