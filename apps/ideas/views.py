from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.roles import Role, role_required
from apps.actionplan.models import FieldOfAction
from apps.core.files import serve_private_file
from apps.core.http import form_rate_limited, personal_data
from apps.core.links import path_of
from apps.core.office import render_letter
from apps.paging import CachedCountPaginator

from . import services
from .forms import CommentForm, IdeaFilterForm, IdeaForm
from .models import Comment, Idea, StatusChange, Support, public_total

IDEAS_PER_PAGE = 12
COMMENTS_PER_PAGE = 20
# A search counts at most this many matches (the first SEARCH_LIMIT are listed, a page of 12 at a
# time): counting every match read every matching row, a cost that grew with the data, for a
# number nobody pages through; a search with more matches asks to be narrowed instead.
SEARCH_LIMIT = 600


@login_not_required
def idea_list(request):
    """Published ideas and concerns with filters, search and sorting, paginated. Public."""
    filters = IdeaFilterForm(request.GET or None)
    ideas = Idea.objects.public().select_related("field_of_action")
    sort = "new"
    counted = {}  # the filters the kept totals can serve (models.PublicTotal)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["kind"]:
            ideas = ideas.of_kind(data["kind"])
        if data["field"]:
            ideas = ideas.in_field(data["field"])
        if data["status"]:
            ideas = ideas.filter(status=data["status"])
        if data["q"]:
            ideas = ideas.search(data["q"])
        sort = data["sort"] or "new"
        counted = (
            None if data["q"] else {"kind": data["kind"], "field_of_action": data["field"], "status": data["status"]}
        )
    if sort == "supported":
        ideas = ideas.order_by("-support_count", "-published_at", "-pk")
    else:
        ideas = ideas.order_by("-published_at", "-pk")
    ideas = ideas.defer("description", "email", "office_answer")
    paginator = CachedCountPaginator(ideas, IDEAS_PER_PAGE)
    searched_beyond = False
    if counted is None:  # a search: the matches counted up to one more than SEARCH_LIMIT
        matches = ideas.order_by()[: SEARCH_LIMIT + 1].count()
        searched_beyond = matches > SEARCH_LIMIT
        paginator.count = min(matches, SEARCH_LIMIT)
    else:
        total = public_total(**counted)  # None where no totals are kept (SQLite): the paginator counts
        if total is not None:
            paginator.count = total
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = list(page_obj.object_list)
    detail_path = path_of("ideas:detail")  # one reverse() for the cards' links
    for idea in page_obj.object_list:
        idea.url = detail_path(idea.pk)
    # The filter form's choices come from this one query (the select renders from its own queryset).
    filters.fields["field"].queryset = FieldOfAction.objects.all()
    return render(
        request,
        "ideas/idea_list.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "ideas": page_obj.object_list,
            "sort": sort,
            "searched_beyond": searched_beyond,
        },
    )


# The history's own columns and of the linked applications only what ideas/_history_extra.html
# shows (the title; the status for "funded"): not the applications' sixty columns.
HISTORY_FIELDS = (
    *(field.name for field in StatusChange._meta.concrete_fields),
    "funding_application__title",
    "funding_application__status",
    "actionfund_application__title",
)


def _comment_page(comments, number):
    """The page of comments; on the first page the comments are read with one more row than a
    page holds, so most entries (fewer comments than a page) need no COUNT."""
    if number in (None, "", "1"):
        first = list(comments[: COMMENTS_PER_PAGE + 1])
        if len(first) <= COMMENTS_PER_PAGE:
            return Paginator(first, COMMENTS_PER_PAGE).get_page(1)
        page = Paginator(comments, COMMENTS_PER_PAGE).get_page(1)
        page.object_list = first[:COMMENTS_PER_PAGE]
        return page
    return Paginator(comments, COMMENTS_PER_PAGE).get_page(number)


def _detail_context(request, idea, comment_form=None):
    comments = Comment.objects.visible_to(request.user).filter(idea=idea).select_related("author")
    comment_page = _comment_page(comments, request.GET.get("page"))
    return {
        "idea": idea,
        "history": [
            change
            for change in idea.status_changes.select_related("funding_application", "actionfund_application").only(
                *HISTORY_FIELDS
            )
            if change.is_public
        ],
        "comments": comment_page.object_list,
        "page_obj": comment_page,
        "comment_form": comment_form or CommentForm(),
        "supported": getattr(idea, "supported", False),
    }


def _idea_for(request, pk):
    ideas = Idea.objects.visible_to(request.user).select_related("field_of_action", "office")
    if request.user.is_authenticated:
        ideas = ideas.annotate(supported=Exists(Support.objects.filter(idea=OuterRef("pk"), user=request.user)))
    return get_object_or_404(ideas, pk=pk)


@login_not_required
def idea_detail(request, pk):
    """One entry with its public status history and comments. Public for published entries;
    the submitter also sees their own entry while it waits for moderation; the QM team sees all."""
    idea = _idea_for(request, pk)
    return render(request, "ideas/idea_detail.html", _detail_context(request, idea))


@login_not_required
def idea_photo(request, pk):
    """The photo of an entry, on the same terms as the entry: anyone once it is published; the
    submitter and the QM team while it waits for moderation (404 for everyone else)."""
    idea = get_object_or_404(Idea.objects.visible_to(request.user).only("pk", "photo", "status", "is_hidden"), pk=pk)
    return serve_private_file(request, idea.photo, title=_("photo"), public=idea.is_public)


@login_not_required
def idea_new(request):
    """Submit an idea or concern. Public: without an account an e-mail confirmation follows."""
    form = IdeaForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form_rate_limited(request, form, "ideas"):
            status = 429
        else:
            idea = services.idea_submit(idea=form.save(commit=False), user=request.user, request=request)
            if request.user.is_authenticated:
                messages.success(request, _("Thank you! Your entry will be published after a short check."))
                return redirect(idea)
            messages.success(
                request,
                _("Thank you! Please confirm your entry with the link we have sent to %(email)s.")
                % {"email": idea.email},
            )
            return redirect("ideas:list")
    return render(request, "ideas/idea_form.html", {"form": form}, status=status)


@login_not_required
@personal_data
def idea_confirm(request, token):
    """The signed link from the confirmation e-mail. Public (the token is the permission)."""
    error = ""
    idea = None
    try:
        idea = services.idea_from_token(token)
    except signing.SignatureExpired:
        error = _(
            "This link has expired. Unconfirmed entries are deleted after %(days)s days; please submit it again."
        ) % {"days": services.confirmation_days()}
    except (signing.BadSignature, Idea.DoesNotExist, KeyError, TypeError):
        error = _("This link is not valid or has already been used.")
    if error:
        return render(request, "ideas/idea_confirm.html", {"error": error}, status=400)
    if request.method == "POST":
        services.idea_confirm(idea=idea)
        messages.success(
            request, _("Thank you, your entry is confirmed. The QM team will check it and publish it soon.")
        )
        return redirect("ideas:list")
    return render(request, "ideas/idea_confirm.html", {"idea": idea})


@require_POST
def idea_support(request, pk):
    """Support an entry or withdraw the support (POST). Any logged-in account."""
    idea = get_object_or_404(Idea.objects.public(), pk=pk)
    if not idea.is_open_for_support:
        messages.error(request, _("This entry can no longer be supported."))
    elif services.support_toggle(idea=idea, user=request.user):
        messages.success(request, _("You support this entry."))
    else:
        messages.success(request, _("You no longer support this entry."))
    return redirect(idea)


@require_POST
def idea_comment(request, pk):
    """Write a comment (POST). Any logged-in account; published after moderation."""
    idea = _idea_for(request, pk)
    if not idea.is_public:
        messages.error(request, _("Comments are possible once the entry is published."))
        return redirect(idea)
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = services.comment_add(idea=idea, author=request.user, text=form.cleaned_data["text"])
        if comment.status == Comment.Status.APPROVED:
            messages.success(request, _("Your comment is published."))
        else:
            messages.success(request, _("Thank you! Your comment will be published after a short check."))
        return redirect(f"{idea.get_absolute_url()}#comments")
    return render(request, "ideas/idea_detail.html", _detail_context(request, idea, comment_form=form))


@role_required(Role.QM_TEAM)
def idea_letter(request, pk):
    """A printable letter to the person the office entered an idea or concern for, with the
    address of its page. QM team only."""
    idea = get_object_or_404(Idea, pk=pk)
    return render_letter(
        request,
        "ideas/print/letter.html",
        heading=_("Letter about the entry: %(title)s") % {"title": idea.title},
        recipient=idea.display_name or "",
        address=idea.postal_address,
        link=idea.get_absolute_url(),
        idea=idea,
    )
