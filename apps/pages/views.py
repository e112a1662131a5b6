from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.generic import ListView

from apps.core import compiled, plugins
from apps.core.http import form_rate_limited
from apps.core.links import absolute_url, reverse_absolute

from . import services
from .context_processors import cached_site_settings
from .forms import AccessibilityFeedbackForm
from .markdown import render_markdown
from .models import AccessibilityStatement, NewsPost, Page, SignLanguageVideo, Slide

NEWS_PER_PAGE = 10


def home_sections(request) -> list[dict]:
    """Boxes other apps add to the home page: each app may have a ``home`` module whose
    ``section(request)`` returns ``{"template": ..., **context}`` or None."""
    return plugins.collect("home", "section", request)


# The moment the slides and news are shown at, in the compiled SQL (apps/core/compiled.py).
NOW_STAND_IN = datetime(1900, 1, 1, tzinfo=UTC)


def _home_querysets() -> dict:
    return {
        "slides": Slide.objects.visible(now=NOW_STAND_IN),
        "latest_news": NewsPost.objects.published(now=NOW_STAND_IN)[:3],
    }


@login_not_required
def home(request):
    """Home page: slider, latest news, and the boxes of the other apps. Public."""
    # The slides and the latest news compiled once per process and language, in one round trip.
    statements = compiled.compiled("pages:home", _home_querysets)
    adapt = connection.ops.adapt_datetimefield_value  # a parameter as the compiler wrote it
    rows = compiled.run("default", statements, values={adapt(NOW_STAND_IN): adapt(timezone.now())})
    context = {
        "slides": statements["slides"].instances("default", rows["slides"]),
        "latest_news": statements["latest_news"].instances("default", rows["latest_news"]),
        "home_sections": home_sections(request),
    }
    return render(request, "pages/home.html", context)


@cache_control(private=True, no_store=True)
def my_area(request):
    """“Mein Bereich”: what waits for the logged-in person, boxes from the apps (``myarea``
    modules: a juror's open rounds, a provider's applications, ...). Logged-in users only."""
    return render(request, "pages/my_area.html", {"sections": plugins.collect("myarea", "section", request)})


@login_not_required
def page_detail(request, slug):
    """A published content page. Public."""
    page = get_object_or_404(Page.objects.published(), slug=slug)
    if page.menu == Page.Menu.EASY_READ:
        return redirect(page, permanent=True)
    return render(request, "pages/page_detail.html", {"page": page})


@login_not_required
def easy_read_index(request):
    """The Leichte Sprache section: its pages in order, with large type. Public."""
    pages = Page.objects.published().filter(menu=Page.Menu.EASY_READ).only("slug", "title", "menu", "order")
    return render(request, "pages/easy_read_index.html", {"pages": pages})


@login_not_required
def easy_read_page(request, slug):
    """One page in Leichte Sprache, with links to the other pages of the section. Public."""
    pages = list(Page.objects.published().filter(menu=Page.Menu.EASY_READ))
    page = next((item for item in pages if item.slug == slug), None)
    if page is None:
        raise Http404
    return render(request, "pages/easy_read_page.html", {"page": page, "pages": pages})


@login_not_required
def accessibility_statement(request):
    """The accessibility statement (Erklärung zur Barrierefreiheit), at the address the content
    page of that name had. Public."""
    statement = AccessibilityStatement.load()
    site = cached_site_settings()
    address = statement.feedback_address or "\n".join(
        line for line in (site.office_name, site.street, f"{site.postcode} {site.city}".strip()) if line
    )
    context = {
        "statement": statement,
        "items": list(statement.items.all()),
        "feedback_address": address,
        "feedback_email": statement.feedback_email or site.email,
        "feedback_phone": statement.feedback_phone or site.phone,
    }
    return render(request, "pages/accessibility_statement.html", context)


@login_not_required
def accessibility_feedback(request):
    """ "Barriere melden": the feedback form the statement names; anonymous allowed, rate-limited
    like every public form. Public."""
    initial = {"page_url": request.GET.get("seite", "")[:300]}
    form = AccessibilityFeedbackForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form_rate_limited(request, form, "accessibility-feedback"):
            status = 429
        else:
            feedback = services.accessibility_feedback_submit(feedback=form.save(commit=False))
            if feedback.wants_answer:
                messages.success(
                    request,
                    _("Thank you! We will answer you at %(email)s by %(date)s.")
                    % {"email": feedback.email, "date": date_format(feedback.due_on, "SHORT_DATE_FORMAT")},
                )
            return redirect("pages:accessibility_feedback_done")
    context = {"form": form, "statement": AccessibilityStatement.load()}
    return render(request, "pages/accessibility_feedback.html", context, status=status)


@login_not_required
def accessibility_feedback_done(request):
    """The page after a reported barrier. Public."""
    return render(request, "pages/accessibility_feedback_done.html")


@login_not_required
def sign_language(request):
    """Information in German Sign Language (DGS): videos with their full text. Public."""
    videos = SignLanguageVideo.objects.published()
    return render(request, "pages/sign_language.html", {"videos": videos})


@login_not_required
def news_detail(request, slug):
    """A published news post. Public."""
    post = get_object_or_404(NewsPost.objects.published(), slug=slug)
    return render(request, "pages/news_detail.html", {"post": post})


class NewsListView(ListView):
    """Published news, newest first, paginated. Public."""

    queryset = NewsPost.objects.published().defer("body")
    paginate_by = NEWS_PER_PAGE
    template_name = "pages/news_list.html"
    context_object_name = "posts"


news_list = login_not_required(NewsListView.as_view())


class LatestNewsFeed(Feed):
    """Atom feed of the latest news. Public."""

    feed_type = Atom1Feed
    description = _("News from the neighbourhood management office")

    def title(self):
        news = _("News")  # not inside the f-string: xgettext does not look there
        return f"{cached_site_settings().area_name}: {news}"

    # Links from SITE_URL (Django's Feed would take the sites framework's domain).
    def link(self):
        return reverse_absolute("pages:news_list")

    def feed_url(self):
        return reverse_absolute("pages:news_feed")

    def item_link(self, item):
        return absolute_url(item)

    def items(self):
        return NewsPost.objects.published()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.teaser)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


news_feed = login_not_required(LatestNewsFeed())


@login_not_required
@never_cache
def healthz(request):
    """Health check for the load balancer: 200 with a database round trip, else 503. Public."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
