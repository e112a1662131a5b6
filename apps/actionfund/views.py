from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.roles import Role, role_required
from apps.core.files import serve_private_file
from apps.core.http import form_rate_limited, personal_data
from apps.core.links import path_of
from apps.core.office import render_letter
from apps.core.signing import read_token_or_none
from apps.pages.context_processors import cached_site_settings

from . import index_queries, jury_cards, jury_queries, services
from .forms import (
    VOTE_RECUSED,
    ApplicationForm,
    CostItemFormSet,
    PhotoFormSet,
    ProofForm,
    ReceiptFormSet,
    VoteForm,
    check_requested_amount,
)
from .models import (
    CONFIRM_LINK,
    STATUS_LINK,
    Application,
    Attachment,
    CostItem,
    ProjectPhoto,
    ProofOfUse,
    Receipt,
    Round,
    Vote,
)

PROJECTS_PER_PAGE = 6
JURY_PER_PAGE = 10
# Past rounds listed on the jury page, newest first (the rest a page further).
PAST_ROUNDS_PER_PAGE = 12


def _application_from_token(token: str, purpose: str = STATUS_LINK) -> Application:
    pk = read_token_or_none(purpose, token)
    if pk is None:
        raise Http404
    return get_object_or_404(Application.objects.select_related("fund_year", "round", "field_of_action"), pk=pk)


@login_not_required
def index(request):
    """The action fund: this year's budget, how to apply, realised projects. Public."""
    fund_year = index_queries.fund_year()
    paginator = Paginator(_Rows(index_queries.realised_projects, index_queries.realised_count()), PROJECTS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {
        "fund_year": fund_year,
        "granted": fund_year.granted if fund_year else None,
        "left": fund_year.budget - fund_year.granted if fund_year else None,
        "next_round": fund_year.next_round if fund_year else None,
        "page_obj": page_obj,
        "projects": page_obj.object_list,
    }
    return render(request, "actionfund/index.html", context)


class _Rows:
    """Rows for the Paginator: its count known, a slice one query (``fetch(offset, limit)``)."""

    def __init__(self, fetch, count: int):
        self.fetch, self.count = fetch, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: slice) -> list:
        start, stop = index.start or 0, index.stop
        return self.fetch(start, stop - start) if stop > start else []


@login_not_required
def apply(request):
    """The application form; works without an account (e-mail confirmation). Public."""
    fund_year = index_queries.fund_year(current_only=True)
    if fund_year is None:
        return render(request, "actionfund/apply.html", {"fund_year": None})
    next_round = fund_year.next_round
    form = ApplicationForm(
        request.POST or None, request.FILES or None, fund_year=fund_year, next_round=next_round, user=request.user
    )
    formset = CostItemFormSet(request.POST or None, queryset=CostItem.objects.none(), prefix="costs")
    status = 200
    if request.method == "POST":
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            check_requested_amount(form, formset)
        if formset_ok is False:
            form.add_error(None, _("Please check the cost items below."))
        if form.is_valid() and formset_ok and form_rate_limited(request, form, "actionfund"):
            status = 429
        elif form.is_valid() and formset_ok:
            items = list(formset.save(commit=False))
            application = services.application_submit(
                application=form.save_instance(),
                cost_items=items,
                attachments=form.attachments(),
                user=request.user,
            )
            request.session["actionfund_sent"] = application.pk
            return redirect("actionfund:sent")
    context = {"fund_year": fund_year, "next_round": next_round, "form": form, "formset": formset}
    return render(request, "actionfund/apply.html", context, status=status)


@login_not_required
@personal_data
def sent(request):
    """Confirmation page after applying. Public."""
    application = None
    pk = request.session.get("actionfund_sent")
    if pk:
        application = Application.objects.filter(pk=pk).only("pk", "status", "title", "email").first()
    return render(request, "actionfund/sent.html", {"application": application})


@login_not_required
@personal_data
def confirm(request, token):
    """E-mail confirmation by signed link: the link opens a page with a button (POST confirms), so mail
    scanners that follow links confirm nothing. Public (the link is the key)."""
    application = _application_from_token(token, CONFIRM_LINK)
    if application.status != Application.Status.UNCONFIRMED:
        return redirect(application.get_status_url())
    if request.method == "POST":
        if services.application_confirm(application=application):
            messages.success(request, _("Thank you, your e-mail address is confirmed and your application submitted."))
        return redirect(application.get_status_url())
    return render(request, "actionfund/confirm.html", {"application": application})


@login_not_required
@personal_data
def status(request, token):
    """The applicant's status page, reached by a signed link. Public (the link is the key)."""
    pk = read_token_or_none(STATUS_LINK, token)
    if pk is None:
        raise Http404
    application = get_object_or_404(
        Application.objects.select_related("round", "proof").prefetch_related(
            "cost_items", "attachments", "status_changes", "proof__receipts"
        ),
        pk=pk,
    )
    application.cost_list = application.cost_items.all()
    try:
        proof = application.proof
    except ProofOfUse.DoesNotExist:
        proof = None
    return render(request, "actionfund/status.html", {"application": application, "proof": proof, "token": token})


@login_not_required
@personal_data
def proof(request, token):
    """Upload the proof of use (report, receipts, photos) by signed link. Public (the link is the key)."""
    application = _application_from_token(token)
    if not application.may_upload_proof:
        messages.info(request, _("A proof of use can be uploaded once the grant has been paid out."))
        return redirect(application.get_status_url())
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ProofForm(data)
    receipts = ReceiptFormSet(data, files, queryset=Receipt.objects.none(), prefix="receipts")
    photos = PhotoFormSet(data, files, queryset=ProjectPhoto.objects.none(), prefix="photos")
    if request.method == "POST":
        valid = [form.is_valid(), receipts.is_valid(), photos.is_valid()]
        if all(valid):
            services.proof_submit(
                application=application,
                report=form.cleaned_data["report"],
                receipts=receipts.save(commit=False),
                photos=photos.save(commit=False),
                by=request.user,
            )
            messages.success(request, _("Thank you, your proof of use has been submitted."))
            return redirect(application.get_status_url())
        if not all(valid[1:]):
            form.add_error(None, _("Please check the receipts and photos below."))
    context = {"application": application, "form": form, "receipts": receipts, "photos": photos}
    return render(request, "actionfund/proof.html", context)


def my_applications(request):
    """The logged-in user's own action fund applications. Any logged-in user."""
    applications = (
        Application.objects.visible_to(request.user)
        .filter(user=request.user)
        .select_related("fund_year")
        .only("title", "status", "requested_amount", "fund_year__year")
    )
    page_obj = Paginator(applications, 20).get_page(request.GET.get("page"))
    status_url = _status_path()
    for application in page_obj:
        application.status_url = status_url(application.status_token)
    return render(request, "actionfund/my_applications.html", {"page_obj": page_obj, "applications": page_obj})


def _status_path():
    """``Application.get_status_url`` for many applications at the cost of one ``reverse()``:
    a function ``token -> path`` (tokens are URL-safe, so reverse() would not quote them)."""
    marker = "statustokenmarker"
    head, found, tail = reverse("actionfund:status", kwargs={"token": marker}).partition(marker)
    return lambda token: f"{head}{token}{tail}"


def _may_see_application_files(request, application: Application) -> bool:
    user = request.user
    if user.is_authenticated and (user.is_staff or application.user_id == user.pk):
        return True
    token = request.GET.get("t", "")
    return bool(token) and read_token_or_none(STATUS_LINK, token) == application.pk


@login_not_required
def attachment(request, pk):
    """An application's attachment: the QM team, the applicant (account or signed link), and the
    jurors of its fund year once its round is open. Anyone else gets 404."""
    item = get_object_or_404(Attachment.objects.select_related("application__round"), pk=pk)
    application = item.application
    allowed = _may_see_application_files(request, application) or (
        request.user.is_authenticated
        and application.round_id is not None
        and Round.objects.visible_to(request.user).filter(pk=application.round_id).exists()
    )
    if not allowed:
        raise Http404
    return serve_private_file(request, item.file, title=item.title)


@login_not_required
def photo(request, pk):
    """A proof-of-use photo: anyone once the QM team released it (with the applicant's consent)
    for a realised project; before, the QM team and the applicant (account or signed link) only.
    Anyone else gets 404."""
    item = get_object_or_404(ProjectPhoto.objects.select_related("proof__application__fund_year"), pk=pk)
    public = item.is_public
    if not public and not _may_see_application_files(request, item.proof.application):
        raise Http404
    return serve_private_file(request, item.image, title=_("photo"), public=public)


@login_not_required
def receipt(request, pk):
    """A receipt of a proof of use: the QM team and the applicant (account or signed link) only."""
    item = get_object_or_404(Receipt.objects.select_related("proof__application"), pk=pk)
    if not _may_see_application_files(request, item.proof.application):
        raise Http404
    return serve_private_file(request, item.file, title=item.description)


# --- Jury -----------------------------------------------------------------------------------


def _round_context(request, round: Round, open_rounds: list[Round]) -> dict:
    """One page of a round's applications with the juror's own vote; the tally only after closing.
    The progress (voted of total) counts the whole round: an open round has it from
    the list of open rounds; ``round.total`` comes with the round (jury_queries.jury_rounds)."""
    progress = next((each for each in open_rounds if each.pk == round.pk), None)
    if progress is not None:
        counts = {"total": progress.total, "voted": progress.voted}
    elif round.votes_visible and not round.is_open:
        counts = {"total": round.total, "voted": None}  # the progress is shown on open rounds only
    else:
        counts = (
            Application.objects.filter(round=round)
            .annotate(mine=Exists(Vote.objects.filter(application=OuterRef("pk"), juror=request.user, round=round)))
            .aggregate(total=Count("pk"), voted=Count("pk", filter=Q(mine=True)))
        )

    def fetch(offset: int, limit: int) -> list[Application]:
        return jury_queries.page_of_applications(round, request.user, offset, limit)

    paginator = Paginator(_Rows(fetch, counts["total"]), JURY_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    is_open = round.is_open
    cards = jury_cards.Cards(request, round, jury_name=cached_site_settings().jury_name)
    for application in page_obj:
        if is_open:
            application.vote_initial = VoteForm.initial_for(application.my_vote)
        application.card = cards.render(application)
    context = {
        "round": round,
        "round_is_open": is_open,
        "page_obj": page_obj,
        "applications": page_obj.object_list,
        "voted": counts["voted"],
        "total": counts["total"],
    }
    return context


def _jury_page(request, pk: int | None = None):
    """The open rounds, the past ones PAST_ROUNDS_PER_PAGE at a time (``runden``; a row more than a
    page tells whether there are older ones, no COUNT) and the round shown: the earliest open
    one, or ``pk``. The rounds in one query (jury_queries.jury_rounds)."""
    try:
        number = max(1, int(request.GET.get("runden", 1)))
    except ValueError:
        number = 1
    rounds = jury_queries.jury_rounds(
        request.user,
        pk=pk,
        past_offset=(number - 1) * PAST_ROUNDS_PER_PAGE,
        past_limit=PAST_ROUNDS_PER_PAGE + 1,
    )
    if pk is None:
        round = rounds.open[0] if rounds.open else None
    elif rounds.shown is None:
        raise Http404
    else:
        round = rounds.shown
    round_url = path_of("actionfund:jury_round")
    for each in (*rounds.open, *rounds.past):
        each.url = round_url(each.pk)  # one reverse() for the lists of rounds
    context = {
        "open_rounds": rounds.open,
        "past_rounds": rounds.past[:PAST_ROUNDS_PER_PAGE],
        "past_page": {
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if len(rounds.past) > PAST_ROUNDS_PER_PAGE else None,
        },
        "is_index": pk is None,
    }
    if round:
        context.update(_round_context(request, round, rounds.open))
    return render(request, "actionfund/jury.html", context)


@role_required(Role.JUROR)
def jury(request):
    """The jury's applications page: the earliest round open for voting, a chooser when several
    rounds are open at once, and the juror's past rounds. Jurors of the fund year only."""
    return _jury_page(request)


@role_required(Role.JUROR)
def jury_round(request, pk):
    """One round of the juror's fund years: voting while open, the tally after closing. Jurors only."""
    return _jury_page(request, pk)


@role_required(Role.JUROR)
@require_POST
def jury_vote(request, pk):
    """Save a juror's vote (a plain form post, or in place with htmx). Jurors of the round's year only."""
    application = get_object_or_404(
        Application.objects.filter(round__in=Round.objects.visible_to(request.user)).select_related("round"), pk=pk
    )
    form = VoteForm(request.POST, prefix=f"a{application.pk}")
    error = None
    if form.is_valid():
        choice = form.cleaned_data["vote"]
        try:
            services.jury_vote_cast(
                juror=request.user,
                application=application,
                choice="" if choice == VOTE_RECUSED else choice,
                recused=choice == VOTE_RECUSED,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    saved_label = None if error else dict(form.fields["vote"].choices)[form.cleaned_data["vote"]]
    if request.headers.get("HX-Request"):
        round = application.round
        voted = Vote.objects.filter(juror=request.user, round=round, application__round=round).count()
        total = round.applications.count()
        context = {"application": application, "error": error, "saved_label": saved_label, "voted": voted,
                   "total": total}  # fmt: skip
        return TemplateResponse(request, "actionfund/_vote_status.html", context)  # htmx swaps 200 only
    if error:
        messages.error(request, f"{application.title}: {error}")
    else:
        messages.success(request, _("Your vote on “%(title)s” has been saved.") % {"title": application.title})
    # Back to the page of the round that shows this application (ordered by pk, JURY_PER_PAGE a page).
    before = Application.objects.filter(round_id=application.round_id, pk__lt=application.pk).count()
    url = reverse("actionfund:jury_round", kwargs={"pk": application.round_id})
    page = before // JURY_PER_PAGE + 1
    return redirect(url + (f"?page={page}" if page > 1 else "") + f"#antrag-{application.pk}")


# --- Printing for the QM team: invitation letters and the list of a jury meeting ----------------


def _round_print_context(pk) -> dict:
    round = get_object_or_404(Round.objects.select_related("fund_year"), pk=pk)
    jurors = sorted(round.fund_year.jurors.all(), key=lambda user: (user.get_full_name() or user.email).lower())
    return {
        "round": round,
        "jurors": jurors,
        "applications": list(round.applications.order_by("pk")),
        "today": timezone.localdate(),
    }


@role_required(Role.QM_TEAM)
def round_letters(request, pk):
    """Printable invitation letters to the jury meeting, one per juror of the fund year. QM team only."""
    return render(request, "actionfund/print/letters.html", _round_print_context(pk))


@role_required(Role.QM_TEAM)
def round_member_list(request, pk):
    """Printable list of the jurors with a column to sign in, and the applications. QM team only."""
    return render(request, "actionfund/print/member_list.html", _round_print_context(pk))


@role_required(Role.QM_TEAM)
def status_letter(request, pk):
    """A printable letter to the applicant with the link to the status page (for applications the
    office entered for someone without e-mail). QM team only."""
    application = get_object_or_404(Application.objects.select_related("fund_year"), pk=pk)
    return render_letter(
        request,
        "actionfund/print/status_letter.html",
        heading=_("Letter to the applicant: %(title)s") % {"title": application.title},
        recipient=application.applicant_name,
        address=application.address,
        link=application.get_status_url(),
        application=application,
    )
