"""Authentication backends that keep the logged-in user between requests until the next write.

Django loads the user row on every request of a logged-in visitor. A page served from the page
cache (apps/pages/pagecache.py) needs nothing else from the database, so that query (and the
connection health check before it) is most of such a request's cost. The user object is kept in
the cache under the page cache's data version: any committed write (a changed password, a
deactivation, a new group) starts a new version, so the next request loads the row again and
Django's usual checks (active user, session hash of the password) run on fresh data.
"""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.cache import cache

from apps.pages.pagecache import data_version

USER_CACHE_SECONDS = 300


class CachedUserMixin:
    def get_user(self, user_id):
        key = f"auth:user:{data_version()}:{user_id}"
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, USER_CACHE_SECONDS)
        return user


class ModelBackend(CachedUserMixin, DjangoModelBackend):
    """Django's model backend with the cached user (the admin and ``force_login`` use it)."""


class AuthenticationBackend(CachedUserMixin, AllauthBackend):
    """allauth's backend (login by e-mail) with the cached user."""
