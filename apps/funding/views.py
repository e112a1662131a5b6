from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.roles import Role, role_required
from apps.core.files import serve_private_file
from apps.core.http import personal_data
from apps.core.office import render_letter
from apps.core.signing import read_token_or_none
from apps.core.workflow import can
from apps.pages.templatetags.kiez import content_lang
from apps.paging import CachedCountPaginator

from . import grants, reads, services
from .forms import (
    ApplicationForm,
    AttachmentForm,
    CommentForm,
    CostLineFormSet,
    PaymentRequestForm,
    ProjectFilterForm,
    ProofForm,
    check_amounts,
)
from .models import (
    STATUS_LINK,
    Application,
    ApplicationStatus,
    Attachment,
    Call,
    CostLine,
    GrantNotice,
    ProofOfUse,
)

PER_PAGE = 20


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# Public: calls and funded projects


def _call_titles(rows: list[dict]) -> dict[int, tuple]:
    """Per call of ``rows`` (values with ``call_id`` and ``call__title_<language>``): its title in the
    page's language and the lang attribute for it (kiez.content_lang), once per call."""
    calls = {}
    for row in rows:
        if row["call_id"] not in calls:
            call = Call(pk=row["call_id"], **{name: row[f"call__{name}"] for name in reads.CALL_TITLES})
            calls[row["call_id"]] = (call.title, content_lang(call, "title"))
    return calls


@login_not_required
def call_list(request):
    """Open calls for proposals with their deadline, and how to apply. Public."""
    now = timezone.now()
    calls = Call.objects.open(now=now).select_related("fund").prefetch_related("fields_of_action").order_by("deadline")
    return render(request, "funding/call_list.html", {"page_obj": _page(request, calls), "now": now})


@login_not_required
def call_detail(request, slug):
    """A published call (open or closed) with the way to apply. Public."""
    call = get_object_or_404(Call.objects.published().select_related("fund"), slug=slug)
    is_provider = request.user.is_authenticated and request.user.has_role(Role.PROVIDER)
    return render(
        request,
        "funding/call_detail.html",
        {"call": call, "fields": call.fields_of_action.all(), "is_open": call.is_open(), "is_provider": is_provider},
    )


def _projects():
    return Application.objects.funded().select_related("field_of_action", "call__fund").order_by("-decided_at", "-pk")


PROJECT_LIST_FIELDS = ("pk", "title", "organisation", "requested_amount", "start_date", "end_date",
                       "field_of_action__name", "field_of_action__colour", "call__fund__name")  # fmt: skip


@login_not_required
def project_list(request):
    """Funded projects (approved and later), filterable by field of action and text. Public."""
    form = ProjectFilterForm(request.GET or None)
    projects = Application.objects.funded()
    if form.is_valid():
        if form.field_id:
            projects = projects.filter(field_of_action_id=form.field_id)
        if form.cleaned_data["q"]:
            q = form.cleaned_data["q"]
            # trigram indexes on both expressions (migration 0014)
            projects = projects.filter(Q(title__icontains=q) | Q(organisation__icontains=q))
    # Plain values, not model instances: the list shows nine of them. The total is cached until
    # the next write (apps.paging), counted without the joins of the list.
    rows = projects.order_by("-decided_at", "-pk").values(*PROJECT_LIST_FIELDS)
    page_obj = CachedCountPaginator(rows, PER_PAGE, count_rows=projects).get_page(request.GET.get("page"))
    page_obj.object_list = list(page_obj.object_list)
    for row in page_obj.object_list:
        row["url"] = reverse("funding:project_detail", kwargs={"pk": row["pk"]})
    return render(request, "funding/project_list.html", {"page_obj": page_obj, "form": form})


@login_not_required
def project_detail(request, pk):
    """A funded project: provider, amount, period, description. Public."""
    project = get_object_or_404(_projects().select_related("measure"), pk=pk)
    return render(request, "funding/project_detail.html", {"project": project})


# Providers: their own applications


@require_http_methods(["GET", "POST"])
def provider_register(request):
    """Any logged-in user may register as a project provider (joins the provider group). Logged-in users."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.method == "POST":
        request.user.groups.add(Group.objects.get_or_create(name=Role.PROVIDER.value)[0])
        messages.success(request, _("You are now registered as a project provider and can apply for funding."))
        return redirect(next_url or "funding:application_list")
    is_provider = request.user.has_role(Role.PROVIDER)
    return render(request, "funding/provider_register.html", {"next": next_url, "is_provider": is_provider})


@role_required(Role.PROVIDER)
def application_list(request):
    """The provider's own applications. Project providers only."""
    fields = ("pk", "title", "status", "requested_amount", "call_id", *(f"call__{name}" for name in reads.CALL_TITLES))
    applications = Application.objects.owned_by(request.user).order_by("-created_at").values(*fields)
    page_obj = _page(request, applications)
    page_obj.object_list = rows = list(page_obj.object_list)  # plain values, not model instances
    calls = _call_titles(rows)
    labels = dict(ApplicationStatus.choices)
    for row in rows:
        row["name"] = row["title"] or _("Untitled application")
        row["url"] = reverse("funding:application_detail", kwargs={"pk": row["pk"]})
        row["call_title"], row["call_lang"] = calls[row["call_id"]]
        row["status_label"] = labels.get(row["status"], row["status"])
    return render(request, "funding/application_list.html", {"page_obj": page_obj})


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def application_create(request, slug):
    """Start a draft application for an open call (GET shows the call, POST creates). Project providers only."""
    call = get_object_or_404(Call.objects.published().select_related("fund"), slug=slug)
    if not call.is_open():
        messages.error(request, _("The deadline of this call has passed."))
        return redirect(call)
    if request.method == "POST":
        previous = Application.objects.owned_by(request.user).order_by("-created_at").first()
        provider = {}
        if previous:
            names = ["organisation", "provider_kind", "legal_form", "address", "contact_person", "email", "phone"]
            provider = {name: getattr(previous, name) for name in names}
        else:
            provider = {"email": request.user.email}
        application = Application.objects.create(call=call, owner=request.user, **provider)
        messages.success(request, _("Your draft has been created. You can save it at any time and come back later."))
        return redirect("funding:application_edit", pk=application.pk)
    return render(request, "funding/application_create.html", {"call": call})


def _own(request, pk, related=("call__fund", "field_of_action", "measure")) -> Application:
    queryset = Application.objects.owned_by(request.user).select_related(*related)
    return get_object_or_404(queryset, pk=pk)


@role_required(Role.PROVIDER)
def application_detail(request, pk):
    """One of the provider's own applications: data, cost plan, documents, status, the grant notice,
    payment requests, proofs of use and the history. Owner only."""
    application = _own(request, pk)
    lists = reads.application_lists(application)  # notice, cost lines, documents, payments, proofs, history
    return render(
        request,
        "funding/application_detail.html",
        {
            "application": application,
            **lists,
            "can_withdraw": can(application, ApplicationStatus.WITHDRAWN, request.user),
            "can_request_payment": lists["notice"] is not None and application.state.payable,
            "can_submit_proof": application.state.running,
        },
    )


# An application's cost lines in their order, without the join to the application that CostLine's
# default ordering (application, pk) adds.
LINES = CostLine.objects.order_by("pk")


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    """Edit a draft (or an application sent back for changes); save any time, or save and submit. Owner only."""
    application = _own(request, pk, related=["call__fund"])  # the form needs the field and measure by id only
    if not application.state.editable:
        messages.error(request, _("This application can no longer be changed."))
        return redirect(application)
    form = ApplicationForm(request.POST or None, instance=application)
    formset = CostLineFormSet(
        request.POST or None, instance=application, prefix="costs", queryset=LINES, lines=form.cost_lines
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and formset.is_valid()
        and (total := check_amounts(form, formset)) is not None
    ):
        with transaction.atomic():
            application = form.save(commit=False)
            application.recalculate(total)
            application.save()
            formset.save()
        if "submit" not in request.POST:
            messages.success(request, _("Your draft has been saved."))
            return redirect(application)
        if application.state.changes_requested:
            return redirect("funding:application_answer", pk=application.pk)
        try:
            services.application_submit(application=application, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
            formset = CostLineFormSet(instance=application, prefix="costs", queryset=LINES)
            messages.warning(request, _("Your draft has been saved but not submitted yet."))
        else:
            messages.success(request, _("Your application has been submitted."))
            return redirect(application)
    return render(
        request, "funding/application_form.html", {"application": application, "form": form, "formset": formset}
    )


def _submit(request, application, form, *, template: str, done: str, context: dict):
    """Submit (or resubmit) the owner's application with the comment of ``form``; on success
    the message ``done`` and back to the application."""
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(application=application, by=request.user, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(application)
    return render(request, template, {"application": application, "form": form, **context})


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def application_submit(request, pk):
    """Confirm and submit a draft before the deadline. Owner only."""
    application = _own(request, pk)
    return _submit(
        request,
        application,
        CommentForm(request.POST or None),
        template="funding/application_submit.html",
        done=_("Your application has been submitted."),
        context={"missing": application.completeness_errors()},
    )


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def application_answer(request, pk):
    """Answer a "changes requested" and resubmit the corrected application. Owner only."""
    application = _own(request, pk)
    if not application.state.changes_requested:
        raise Http404
    form = CommentForm(request.POST or None)
    form.fields["comment"].required = True
    form.fields["comment"].label = _("Your answer")
    request_entry = application.status_changes.filter(to_status=ApplicationStatus.CHANGES_REQUESTED).last()
    return _submit(
        request,
        application,
        form,
        template="funding/application_answer.html",
        done=_("Your corrected application has been submitted again."),
        context={"request_entry": request_entry},
    )


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def application_withdraw(request, pk):
    """Withdraw the application before a decision. Owner only."""
    application = _own(request, pk)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, by=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your application has been withdrawn."))
            return redirect(application)
    return render(request, "funding/application_withdraw.html", {"application": application, "form": form})


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def attachment_create(request, pk):
    """Upload a PDF to an application that can still be changed. Owner only."""
    application = _own(request, pk)
    if not application.state.editable:
        messages.error(request, _("This application can no longer be changed."))
        return redirect(application)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = form.save(commit=False)
        attachment.application = application
        attachment.uploaded_by = request.user
        attachment.save()
        messages.success(request, _("The document has been uploaded."))
        return redirect(application)
    return render(request, "funding/attachment_form.html", {"application": application, "form": form})


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def attachment_delete(request, pk):
    """Remove a document from an application that can still be changed. Owner only."""
    attachment = get_object_or_404(
        Attachment.objects.filter(application__owner=request.user, kind=Attachment.Kind.DOCUMENT).select_related(
            "application"
        ),
        pk=pk,
    )
    application = attachment.application
    if not application.state.editable:
        messages.error(request, _("This application can no longer be changed."))
        return redirect(application)
    if request.method == "POST":
        attachment.file.delete(save=False)
        attachment.delete()
        messages.success(request, _("The document has been removed."))
        return redirect(application)
    return render(request, "funding/attachment_delete.html", {"attachment": attachment, "application": application})


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def payment_request_create(request, pk):
    """Request a payment (Mittelabruf) against the grant notice. Owner only, once the notice is issued."""
    application = _own(request, pk)
    notice = GrantNotice.objects.filter(application=application).first()
    if notice is None or not application.state.payable:
        raise Http404
    requested = application.paid_request_total()
    form = PaymentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grants.payment_request_create(
                application=application, amount=form.cleaned_data["amount"], purpose=form.cleaned_data["purpose"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your payment request has been sent to the QM team."))
            return redirect(application)
    context = {"application": application, "form": form, "notice": notice, "requested": requested,
               "left": notice.amount - requested}  # fmt: skip
    return render(request, "funding/payment_request_form.html", context)


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def proof_create(request, pk):
    """Submit an interim or the final proof of use (report and numerical statement) of a running
    project. Owner only."""
    application = _own(request, pk)
    if not application.state.running:
        raise Http404
    form = ProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grants.proof_submit(
                application=application, kind=data["kind"], period_end=data["period_end"], report=data["report"],
                statement=data["statement"], by=request.user, comment=data["comment"],
            )  # fmt: skip
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you, your proof of use has been submitted. The QM team checks it."))
            return redirect(application)
    return render(request, "funding/proof_form.html", {"application": application, "form": form})


# Applications the office entered for a provider without an account


@login_not_required
@personal_data
def status(request, token):
    """The status page of an application the office entered, reached by the signed link of the
    letter or e-mail: status, grant notice, payments, proofs of use and history, read only (the
    provider writes, phones or comes to the office for the next step). Public (the link is the key)."""
    pk = read_token_or_none(STATUS_LINK, token)
    application = get_object_or_404(
        Application.objects.select_related("call__fund", "field_of_action", "measure"),
        pk=pk if isinstance(pk, int) else None,
        owner__isnull=True,  # only entries of the office have such a page; a provider logs in
    )
    context = {
        "application": application,
        **reads.application_lists(application, ("notice", "cost_lines", "payments", "proofs", "history")),
        "files_by_login": True,  # the PDFs are for the QM team and providers with an account
    }
    return render(request, "funding/status.html", context)


@role_required(Role.QM_TEAM)
def status_letter(request, pk):
    """A printable letter to the provider with the link to the status page (for applications the
    office entered for a provider without an account). QM team only."""
    application = get_object_or_404(Application.objects.select_related("call"), pk=pk)
    return render_letter(
        request,
        "funding/print/status_letter.html",
        heading=_("Letter to the provider: %(title)s") % {"title": application.title},
        recipient=application.organisation or application.contact_person,
        address=application.address,
        link=application.get_status_url(),
        application=application,
    )


def _grant_documents_visible(user):
    """Grant notices and proofs of use: the provider's own and, for the QM team, all."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.all() if user.is_staff else Application.objects.owned_by(user)


def grant_notice_download(request, pk):
    """Stream a grant notice (PDF): to the provider of the application and the QM team; 404 for anyone else."""
    notice = get_object_or_404(GrantNotice.objects.filter(application__in=_grant_documents_visible(request.user)),
                               pk=pk)  # fmt: skip
    return serve_private_file(
        request, notice.document, title=_("Grant notice %(number)s") % {"number": notice.file_number}
    )


def proof_download(request, pk, part):
    """Stream a proof of use's report or numerical statement: to the provider and the QM team; 404 otherwise."""
    proof = get_object_or_404(ProofOfUse.objects.filter(application__in=_grant_documents_visible(request.user)), pk=pk)
    fieldfile = {"sachbericht": proof.report, "nachweis": proof.statement}.get(part)
    if not fieldfile:
        raise Http404
    return serve_private_file(request, fieldfile, title=str(proof))


def attachment_download(request, pk):
    """Stream a PDF attachment: to its owner, the QM team, and council members once the
    application was presented to the council. Anyone else gets 404."""
    attachment = get_object_or_404(
        Attachment.objects.filter(application__in=Application.objects.visible_to(request.user)), pk=pk
    )
    return serve_private_file(request, attachment.file, title=attachment.title)


# Council members


def _council_queryset(request):
    if not (request.user.is_staff or request.user.has_role(Role.COUNCIL)):
        raise PermissionDenied
    return Application.objects.presented_to_council().select_related("call", "field_of_action")


def _council_rows(applications: list[dict], agenda_items: list[dict], documents: list[dict]) -> list[dict]:
    """The page's applications (apps.funding.reads.council_page) as the list shows them: the call
    (for its title in the page's language), the status label, the agenda items naming them (oldest
    meeting first) and their documents (oldest first)."""
    calls = _call_titles(applications)
    items: dict[int, list[dict]] = {row["pk"]: [] for row in applications}
    for item in agenda_items:
        meeting = item["agendaitem__meeting_id"]
        items[item["application_id"]].append(
            {
                "position": item["agendaitem__position"],
                "title": item["agendaitem__title"],
                "meeting": {
                    "number": item["agendaitem__meeting__number"],
                    "starts_at": item["agendaitem__meeting__starts_at"],
                    "get_absolute_url": reverse("council:meeting_detail", kwargs={"pk": meeting}),
                },
            }
        )
    files: dict[int, list[dict]] = {row["pk"]: [] for row in applications}
    for document in documents:
        url = reverse("funding:attachment_download", kwargs={"pk": document["pk"]})
        files[document["application_id"]].append({"title": document["title"], "get_absolute_url": url})
    labels = dict(ApplicationStatus.choices)
    for row in applications:
        row["name"] = row["title"] or _("Untitled application")
        row["url"] = reverse("funding:council_detail", kwargs={"pk": row["pk"]})
        row["call_title"], row["call_lang"] = calls[row["call_id"]]
        row["status_label"] = labels.get(row["status"], row["status"])
        row["agenda_items"] = items[row["pk"]]
        row["attachments"] = files[row["pk"]]
    return applications


@role_required(Role.COUNCIL, allow_staff=True)
def council_list(request):
    """Applications presented to the council, with their documents (read only). Council members and QM team."""
    presented = Application.objects.presented_to_council()
    # The total is cached until the next write (apps.paging); the page is read by reads.council_page.
    page_obj = CachedCountPaginator(presented, PER_PAGE).get_page(request.GET.get("page"))
    offset = (page_obj.number - 1) * PER_PAGE
    page_obj.object_list = _council_rows(*reads.council_page(offset=offset, limit=PER_PAGE, db=presented.db))
    return render(request, "funding/council_list.html", {"page_obj": page_obj})


@role_required(Role.COUNCIL, allow_staff=True)
def council_detail(request, pk):
    """One application presented to the council, read only. Council members and QM team."""
    application = get_object_or_404(_council_queryset(request).select_related("call__fund", "measure"), pk=pk)
    return render(
        request,
        "funding/council_detail.html",
        {
            "application": application,
            **reads.application_lists(application, ("cost_lines", "attachments", "history", "agenda_items")),
        },
    )
