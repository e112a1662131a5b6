"""The page cache (apps/pagecache/cache.py): hits, invalidation by writes, privacy, CSRF, messages."""

import re
from io import StringIO

import pytest
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.deletion import Collector
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from apps.accounts.tests.factories import PASSWORD
from apps.ideas.models import Idea
from apps.pagecache import cache as pagecache
from apps.pagecache.cache import CSRF_PLACEHOLDER, PageCacheMiddleware, generations
from apps.pages.models import NewsPost, Page, SiteSettings
from apps.pages.tests.factories import NewsPostFactory, PageFactory

pytestmark = pytest.mark.django_db

NEWS = "/aktuelles/"


def without_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def is_hit(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def all_generations() -> dict:
    return generations(connection.introspection.table_names())


def test_second_anonymous_request_is_served_from_the_cache(client, django_assert_max_num_queries):
    NewsPostFactory(title="Hoffest im Spreekiez")
    first = client.get(NEWS)
    with django_assert_max_num_queries(0):
        second = Client().get(NEWS)
    assert not is_hit(first) and is_hit(second)
    assert without_tokens(second.content) == without_tokens(first.content)
    assert second["Content-Language"] == "de"
    assert "Hoffest im Spreekiez" in second.content.decode()


def test_a_saved_model_retires_the_pages_that_read_its_table(client):
    post = NewsPostFactory(title="Alter Titel")
    client.get(NEWS)
    post.title = "Neuer Titel"
    post.save()
    response = client.get(NEWS)
    assert not is_hit(response)
    assert "Neuer Titel" in response.content.decode()


def test_the_version_changes_again_when_the_transaction_commits(django_capture_on_commit_callbacks):
    news = NewsPost._meta.db_table
    before = generations([news])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        NewsPostFactory()
        during = generations([news])
    assert before != during != generations([news])


def test_a_write_without_signals_in_a_request_retires_the_cache(client, rf):
    """QuerySet.update() in a view: the SQL is watched, not the model signals."""
    post = NewsPostFactory(title="Vorher")
    client.get(NEWS)

    def view(request):
        NewsPost.objects.filter(pk=post.pk).update(title="Nachher")
        return HttpResponse("ok")

    PageCacheMiddleware(view)(rf.post("/irgendwo/"))
    response = Client().get(NEWS)
    assert not is_hit(response) and "Nachher" in response.content.decode()


def test_a_write_outside_any_request_retires_the_cache(client):
    """Management commands and the worker write without a request; bulk inserts send no signals."""
    client.get(NEWS)
    NewsPost.objects.bulk_create([NewsPostFactory.build(title="Aus dem Import")])
    response = client.get(NEWS)
    assert not is_hit(response) and "Aus dem Import" in response.content.decode()


def test_a_fast_delete_retires_the_cache_and_stays_fast(client):
    """The page cache connects no delete signal, so Django keeps deleting without loading rows."""
    page = PageFactory(title="Impressum")
    assert Collector(using="default").can_fast_delete(Page.objects.filter(pk=page.pk))
    client.get(reverse("pages:page_detail", args=[page.slug]))
    Page.objects.filter(pk=page.pk).delete()
    assert client.get(reverse("pages:page_detail", args=[page.slug])).status_code == 404


def test_requests_that_change_nothing_retire_nothing(client, make_user):
    """A refused form, a missing CSRF token, a failed login: the cached pages stay."""
    make_user("resident", email="erika@example.org")
    client.get(NEWS)
    before = all_generations()
    Client().post(reverse("set_language"), {"language": "en", "next": NEWS})
    Client(enforce_csrf_checks=True).post(reverse("ideas:new"), {"title": "ohne Token"})
    Client().post(reverse("ideas:new"), {"title": ""})  # invalid: shown again with errors
    Client().post(reverse("account_login"), {"login": "erika@example.org", "password": "falsch"})
    Client().delete("/gibt-es-nicht/")
    assert all_generations() == before
    assert is_hit(Client().get(NEWS))


def test_session_writes_retire_nothing(client, make_user):
    client.get(NEWS)
    before = all_generations()
    session = SessionStore()
    session["visited"] = True
    session.save()
    assert all_generations() == before


def test_the_code_version_is_part_of_every_key(client, monkeypatch):
    client.get(NEWS)
    assert is_hit(Client().get(NEWS))
    monkeypatch.setattr(pagecache, "_code_version", "a-new-deployment")
    assert not is_hit(Client().get(NEWS))


def test_languages_are_cached_separately(client):
    german = client.get(NEWS, headers={"accept-language": "de"})
    english = client.get(NEWS, headers={"accept-language": "en"})
    assert not is_hit(english)
    assert german.content != english.content
    assert is_hit(client.get(NEWS, headers={"accept-language": "en"}))


def test_a_logged_in_page_is_never_served_to_anybody_else(client, make_user):
    user = make_user("resident", email="anna@example.org")
    client.force_login(user)
    own = client.get(reverse("account_email"))
    assert "anna@example.org" in own.content.decode()
    assert is_hit(client.get(reverse("account_email")))
    other = Client()
    other.force_login(make_user("resident", email="bert@example.org"))
    response = other.get(reverse("account_email"))
    assert not is_hit(response)
    assert "anna@example.org" not in response.content.decode()
    anonymous = Client().get(reverse("account_email"))
    assert anonymous.status_code == 302


def test_a_logged_in_visitor_never_gets_the_shared_anonymous_copy(client, make_user):
    Client().get(NEWS)
    client.force_login(make_user("resident"))
    response = client.get(NEWS)
    assert not is_hit(response)
    assert "Log out" in response.content.decode() or "Abmelden" in response.content.decode()


def test_a_cached_page_is_gone_after_logout(client, make_user):
    user = make_user("resident", email="carla@example.org")
    client.force_login(user)
    client.get(reverse("account_email"))
    session_cookie = client.cookies["sessionid"].value
    client.logout()
    stale = Client()
    stale.cookies["sessionid"] = session_cookie
    response = stale.get(reverse("account_email"))
    assert response.status_code == 302  # the old session is gone: login required, nothing cached


def test_forms_on_cached_pages_get_each_visitors_own_csrf_token():
    form_page = reverse("ideas:new")
    first = Client(enforce_csrf_checks=True)
    first.get(form_page)
    second = Client(enforce_csrf_checks=True)
    response = second.get(form_page)
    assert is_hit(response)
    body = response.content
    assert CSRF_PLACEHOLDER not in body
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    assert "csrftoken" in response.cookies
    # The token works for this visitor: the language form on the cached page posts without a 403.
    posted = second.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token})
    assert posted.status_code == 302
    # ...and not for another visitor with a different CSRF cookie.
    third = Client(enforce_csrf_checks=True)
    third.get(form_page)
    assert third.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token}).status_code == 403


def test_pages_with_pending_messages_are_neither_served_nor_stored(client, rf):
    NewsPostFactory()
    client.get(NEWS)
    client.cookies[CookieStorage.cookie_name] = "pending"
    assert not is_hit(client.get(NEWS))

    request = rf.get(NEWS)
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    from django.contrib.messages.storage.fallback import FallbackStorage

    request.session = {}
    request._messages = FallbackStorage(request)
    messages.info(request, "Danke!")
    request.COOKIES = {}
    assert PageCacheMiddleware._to_entry(request, HttpResponse("x")) is None


def test_an_anonymous_session_is_not_shared(client):
    Client().get(NEWS)
    client.cookies["sessionid"] = "abc"
    assert not is_hit(client.get(NEWS))


def test_private_and_error_responses_are_not_stored(client, make_user):
    staff = make_user("staff")
    client.force_login(staff)
    client.get(reverse("admin:index"))  # never_cache
    assert not is_hit(client.get(reverse("admin:index")))
    client.get("/seiten/gibt-es-nicht/")
    assert not is_hit(client.get("/seiten/gibt-es-nicht/"))
    client.get(reverse("healthz"))
    assert not is_hit(client.get(reverse("healthz")))


def test_htmx_requests_are_cached_apart(client):
    client.get(NEWS)
    assert not is_hit(client.get(NEWS, headers={"hx-request": "true"}))


def test_the_page_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(NEWS)
    assert not is_hit(client.get(NEWS))


def test_prune_cache_removes_expired_files_only(client, settings):
    from django.core.cache import cache

    client.get(NEWS)
    cache.set("expired", "x", 0)  # written already expired
    entries = settings.CACHE_DIR / "entries"
    before = set(entries.glob("*.djcache"))
    output = StringIO()
    call_command("prune_cache", stdout=output)
    assert "Removed 1 expired cache files." in output.getvalue()
    assert len(before - set(entries.glob("*.djcache"))) == 1
    assert is_hit(Client().get(NEWS))  # the page and the data version are still there


def test_the_site_settings_row_exists_without_a_request():
    """Created by a data migration: no first request has to write it (which would retire pages)."""
    assert SiteSettings.objects.filter(pk=1).exists()


def test_a_logged_in_cache_hit_needs_no_query_and_sees_account_changes(client, make_user, django_assert_num_queries):
    user = make_user("resident", email="dora@example.org")
    client.force_login(user)
    client.get(NEWS)
    with django_assert_num_queries(0):
        assert is_hit(client.get(NEWS))
    user.is_active = False
    user.save()  # deactivated in the admin: a write, so the user is loaded again and logged out
    response = client.get(reverse("account_email"))
    assert response.status_code == 302


def test_a_write_retires_only_the_pages_that_read_the_written_table(client):
    """Per-table generations: a new idea or a changed menu page leaves the news list cached."""
    post = NewsPostFactory(title="Hoffest")
    client.get(NEWS)
    Idea.objects.filter(pk=-1).update(title="nichts")  # a write that touches a table the page never read
    SessionStore().save()
    assert is_hit(Client().get(NEWS))
    NewsPost.objects.filter(pk=post.pk).update(title="Sommerfest")
    response = Client().get(NEWS)
    assert not is_hit(response) and "Sommerfest" in response.content.decode()


def test_a_login_retires_no_page(client, make_user):
    """A login writes only the session and the user's last_login: no page shows either."""
    make_user("resident", email="emil@example.org")
    client.get(NEWS)
    before = all_generations()
    login = {"login": "emil@example.org", "password": PASSWORD}
    assert Client().post(reverse("account_login"), login).status_code == 302
    assert all_generations() == before
    assert is_hit(Client().get(NEWS))


def test_a_kept_value_follows_the_tables_it_read(django_assert_num_queries):
    calls = []

    def count():
        calls.append(1)
        return NewsPost.objects.count()

    NewsPostFactory()
    assert pagecache.memo("test:news-count", count) == 1
    with django_assert_num_queries(0):
        assert pagecache.memo("test:news-count", count) == 1
    NewsPostFactory()
    assert pagecache.memo("test:news-count", count) == 2
    assert len(calls) == 2


def test_a_page_that_uses_a_kept_value_depends_on_its_tables(rf):
    """A total kept with memo() and used by a page: writing its table retires the page."""

    def view(request):
        return HttpResponse(str(pagecache.memo("test:total", NewsPost.objects.count)))

    middleware = PageCacheMiddleware(view)
    NewsPostFactory()
    pagecache.memo("test:total", NewsPost.objects.count)  # kept before the page renders
    assert middleware(rf.get("/total/")).content == b"1"
    assert is_hit(middleware(rf.get("/total/")))
    NewsPostFactory()
    response = middleware(rf.get("/total/"))
    assert not is_hit(response) and response.content == b"2"


def test_a_value_computed_again_reads_no_generation_twice(monkeypatch):
    """Recomputing an outdated kept value reuses the generations its check has just read: one
    round trip to the cache, not one more per statement."""
    NewsPostFactory()
    pagecache.memo("test:recount", NewsPost.objects.count)
    NewsPostFactory()
    reads = []
    generations = pagecache.generations
    monkeypatch.setattr(pagecache, "generations", lambda tables: reads.append(tables) or generations(tables))
    assert pagecache.memo("test:recount", NewsPost.objects.count) == 2
    assert reads == []
    NewsPostFactory()
    assert pagecache.memo("test:recount", NewsPost.objects.count) == 3  # and it is still retired


def test_a_page_keeps_the_generation_it_read_first():
    """A value computed inside a page adds its tables to the page's, but where the page had read a
    table before, the page keeps that (older) generation: its copy retires sooner, never later."""
    table = NewsPost._meta.db_table
    outer = pagecache._Scope({table: "older"})
    pagecache._scopes().append(outer)
    try:
        pagecache._track(lambda: list(NewsPost.objects.all()))
    finally:
        pagecache._scopes().pop()
    assert outer.read[table] == "older"


# --- hits answered before the rest of the middleware -------------------------------------------


def comparable_headers(response) -> dict:
    """The response headers a visitor sees, without the hit marker; cookies by name and attributes
    (their values are each visitor's own)."""
    headers = {name: value for name, value in response.items() if name != "X-Page-Cache"}
    cookies = {name: {key: morsel[key] for key in morsel} for name, morsel in response.cookies.items()}
    return {**headers, "cookies": cookies}


@pytest.mark.parametrize("page", [NEWS, reverse("ideas:new"), reverse("pages:news_feed")])
def test_a_hit_carries_the_same_headers_as_the_render_it_repeats(page):
    NewsPostFactory()
    miss = Client().get(page)
    hit = Client().get(page)
    assert not is_hit(miss) and is_hit(hit)
    assert comparable_headers(hit) == comparable_headers(miss)
    for name in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options",
                 "Referrer-Policy", "Vary", "Content-Language", "Content-Type", "Content-Length"):  # fmt: skip
        assert name in hit, name
    assert hit["Content-Length"] == str(len(hit.content))


def test_a_logged_in_hit_carries_the_same_headers_and_stays_private(client, make_user):
    client.force_login(make_user("resident"))
    miss = client.get(NEWS)
    hit = client.get(NEWS)
    assert not is_hit(miss) and is_hit(hit)
    assert comparable_headers(hit) == comparable_headers(miss)
    assert "private" in hit["Cache-Control"]
    assert "Cookie" in hit["Vary"]


def test_a_visitor_with_a_csrf_cookie_keeps_it_on_a_hit():
    """A hit masks the visitor's own secret (from the cookie) and sends the same cookie again."""
    form_page = reverse("ideas:new")
    Client().get(form_page)
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(reverse("pages:news_feed"))  # no form there: no cookie yet
    first = visitor.get(form_page)
    secret = visitor.cookies["csrftoken"].value
    second = visitor.get(form_page)
    assert is_hit(first) and is_hit(second)
    assert visitor.cookies["csrftoken"].value == secret
    tokens = [
        re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', r.content).group(1).decode() for r in (first, second)
    ]
    assert tokens[0] != tokens[1]  # masked anew each time, as Django does
    assert all(_unmask_cipher_token(token) == secret for token in tokens)
    posted = visitor.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": tokens[0]})
    assert posted.status_code == 302


def test_hit_tokens_are_drawn_as_django_draws_them():
    secrets_drawn = {pagecache._random_csrf_string() for _ in range(200)}
    assert len(secrets_drawn) == 200
    assert all(len(s) == CSRF_SECRET_LENGTH and set(s) <= set(CSRF_ALLOWED_CHARS) for s in secrets_drawn)
    # Every character turns up (a uniform draw over 62 characters, 6,400 characters drawn).
    assert set("".join(secrets_drawn)) == set(CSRF_ALLOWED_CHARS)


def test_a_session_with_waiting_messages_gets_no_copy(client, make_user):
    client.force_login(make_user("resident"))
    client.get(NEWS)
    assert is_hit(client.get(NEWS))
    session = SessionStore(client.cookies["sessionid"].value)
    session["_messages"] = '[["__json_message",0,20,"Gespeichert."]]'
    session.save()
    assert not is_hit(client.get(NEWS))


def test_a_copy_is_served_only_to_the_user_it_was_made_for(client, make_user):
    """Should a session ever name another user than the one its copy was made for, no hit."""
    client.force_login(make_user("resident"))
    client.get(NEWS)
    other = make_user("resident")
    session = SessionStore(client.cookies["sessionid"].value)
    session[SESSION_KEY] = str(other.pk)
    session.save()
    assert not is_hit(client.get(NEWS))


def test_refused_posts_to_a_cached_page_leave_it_cached(client):
    """An anonymous POST refused for its CSRF token (403), or to a URL that takes no POST, wrote
    nothing: the page stays a hit, however many of them arrive."""
    form_page = reverse("ideas:new")
    client.get(form_page)
    before = all_generations()
    attacker = Client(enforce_csrf_checks=True)
    for _ in range(3):
        assert attacker.post(form_page, {"title": "x"}).status_code == 403
        assert attacker.post(NEWS, {}).status_code in {403, 405}
    assert all_generations() == before
    assert is_hit(Client().get(form_page))
