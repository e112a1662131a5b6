from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Func, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.actionplan.models import FieldOfAction
from apps.core.http import form_rate_limited, form_status, personal_data

from . import services
from .cards import NETWORK_COLUMNS, actor_cards, card_rows, network_cards
from .forms import ActorFilterForm, SuggestionForm
from .models import Actor, Language, Network, actor_snapshot
from .vcard import actor_vcard as build_vcard

ACTORS_PER_PAGE = 20
NETWORKS_PER_PAGE = 20
# A search counts at most this many matches (ten pages; the first SEARCH_LIMIT are listed): every
# match counted was a case-insensitive LIKE over the actor's texts, a cost that grew with the
# directory (934 matches of "kiez garten" at scale 10); a search with more asks to be narrowed,
# as the ideas search does.
SEARCH_LIMIT = 200


def _actor_page(rows, number, *, limit=None):
    """The page of ``rows`` and whether there are more than ``limit`` of them (a search: counted
    only up to one more than ``limit``). The first page is read with one more row than a page
    holds, so a list that fits on one page (most filtered lists) needs no COUNT."""
    paginator = Paginator(rows, ACTORS_PER_PAGE)
    first = None
    if number in (None, "", "1"):
        first = list(rows[: ACTORS_PER_PAGE + 1])
        if len(first) <= ACTORS_PER_PAGE:
            return Paginator(first, ACTORS_PER_PAGE).get_page(1), False
    beyond = False
    if limit is not None:
        matches = rows.order_by()[: limit + 1].count()
        beyond = matches > limit
        paginator.count = min(matches, limit)
    page = paginator.get_page(1 if first is not None else number)
    if first is not None:
        page.object_list = first[:ACTORS_PER_PAGE]
    return page, beyond


@login_not_required
def actor_list(request):
    """The directory: published actors, searchable and filterable, paginated. Public."""
    fields_of_action = list(FieldOfAction.objects.active())
    languages = list(Language.objects.all())
    form = ActorFilterForm(request.GET or None, fields_of_action=fields_of_action, languages=languages)
    # Each filter matches at most one language/field row per actor (unique code/slug): no duplicates.
    rows = card_rows(form.filter(Actor.objects.published()))
    searching = form.is_valid() and bool(form.cleaned_data["q"])
    page_obj, searched_beyond = _actor_page(rows, request.GET.get("page"), limit=SEARCH_LIMIT if searching else None)
    page_obj.object_list, cards = actor_cards(page_obj.object_list)
    return render(
        request,
        "network/actor_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "actors": page_obj.object_list,
            "cards": cards,
            "filtered": form.is_filtered,
            "searched_beyond": searched_beyond,
        },
    )


def _published_actor(slug: str) -> Actor:
    return get_object_or_404(Actor.objects.published(), slug=slug)


@login_not_required
def actor_detail(request, slug):
    """One published actor with its languages, fields of action and networks. Public."""
    actor = get_object_or_404(
        Actor.objects.published().prefetch_related(
            "languages",
            "fields_of_action",
            Prefetch("networks", queryset=Network.objects.published().only("name", "slug")),
        ),
        slug=slug,
    )
    return render(request, "network/actor_detail.html", {"actor": actor})


@login_not_required
def actor_vcard(request, slug):
    """The actor's public contact details as a vCard (.vcf) download. Public."""
    actor = _published_actor(slug)
    response = HttpResponse(build_vcard(actor), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{actor.slug}.vcf"'
    return response


@login_not_required
def network_list(request):
    """Published networks with their member counts, paginated. Public."""
    # A correlated subquery, not Count() over a join: PostgreSQL counts the members of the 20
    # networks on the page only, instead of grouping every network with every member first.
    published_members = (
        Actor.objects.published()
        .filter(networks=OuterRef("pk"))
        .order_by()
        .values("networks")
        .annotate(n=Func("pk", function="COUNT"))
        .values("n")
    )
    networks = (
        Network.objects.published()
        .annotate(member_count=Coalesce(Subquery(published_members), 0))
        .order_by("name", "pk")
        .values_list(*NETWORK_COLUMNS)
    )
    page_obj = Paginator(networks, NETWORKS_PER_PAGE).get_page(request.GET.get("page"))
    page_obj.object_list, cards = network_cards(page_obj.object_list)
    return render(
        request,
        "network/network_list.html",
        {"page_obj": page_obj, "networks": page_obj.object_list, "cards": cards},
    )


@login_not_required
def network_detail(request, slug):
    """One published network with its published member actors. Public."""
    network = get_object_or_404(Network.objects.published().select_related("coordinator"), slug=slug)
    if network.coordinator and not network.coordinator.is_published:
        network.coordinator = None
    network.published_members, cards = actor_cards(card_rows(Actor.objects.published().filter(networks=network)))
    return render(request, "network/network_detail.html", {"network": network, "cards": cards})


def _suggestion_form(request, *, actor=None):
    initial = None
    if actor is not None:
        initial = actor_snapshot(actor)
        initial["kind_of_actor"] = initial.pop("kind")
    return SuggestionForm(request.POST or None, initial=initial, correction=actor is not None)


# One rate limit count for suggestions and corrections.
RATE_SCOPE = "network-suggestions"


@login_not_required
@require_http_methods(["GET", "POST"])
def suggest_entry(request):
    """Suggest a new directory entry; confirmed by e-mail, moderated by the QM team. Public."""
    form = _suggestion_form(request)
    if request.method == "POST" and form.is_valid() and not form_rate_limited(request, form, RATE_SCOPE):
        services.suggestion_submit(form=form, actor=None)
        messages.success(
            request,
            _("Thank you! We have sent you an e-mail: please confirm your suggestion with the link in it."),
        )
        return redirect("network:list")
    return render(request, "network/suggestion_form.html", {"form": form, "actor": None}, status=form_status(request))


@login_not_required
@require_http_methods(["GET", "POST"])
def suggest_correction(request, slug):
    """Suggest a correction of a published entry; confirmed by e-mail, moderated. Public."""
    actor = get_object_or_404(Actor.objects.published().prefetch_related("languages", "fields_of_action"), slug=slug)
    form = _suggestion_form(request, actor=actor)
    if request.method == "POST" and form.is_valid() and not form_rate_limited(request, form, RATE_SCOPE):
        services.suggestion_submit(form=form, actor=actor)
        messages.success(
            request,
            _("Thank you! We have sent you an e-mail: please confirm your correction with the link in it."),
        )
        return redirect(actor)
    return render(request, "network/suggestion_form.html", {"form": form, "actor": actor}, status=form_status(request))


@login_not_required
@require_http_methods(["GET", "POST"])
@personal_data
def suggestion_confirm(request, token):
    """Confirm a suggestion with the signed link from the e-mail (a button, so link scanners
    do not confirm). Public: whoever holds the link."""
    return services.SUGGESTIONS.confirmation_page(
        request, token, template="network/suggestion_confirm.html", done="network:list"
    )
