"""The admin of every status model, built from its workflow declaration (``workflow.py``).

``StatusModelAdmin`` gives each status model:

- the status field read-only on the change form; it changes only on the "change status" page
  (``<pk>/status/``, the steps the user may take with a comment) or through the bulk actions
  (one per target status of the declaration), both through ``transition()``;
- a read-only history inline;
- saves that write only the fields that differ from the row in the database, and a version
  check: the form carries a fingerprint of the row as it was loaded; if the row changed since
  (another save, a status change), the save is refused, naming who changed it, and nothing is
  written. The row stays locked from the check to the save.
"""

import hashlib
import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .moderation import log_moderation, moderation_reason
from .suggestions import SuggestionStatus
from .workflow import allowed, transition, workflow_of

VERSION_FIELD = "edit_version"


def row_fingerprint(model, pk) -> str | None:
    """A hash of the row's stored values (``None`` when it is gone)."""
    values = model._base_manager.filter(pk=pk).values().first()
    if values is None:
        return None
    text = json.dumps(values, sort_keys=True, cls=DjangoJSONEncoder, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# History tables of status models that are not (yet) declared in apps/core/workflow.py:
# model -> (history model with ``at``/``by``, the history's foreign key to the model).
HISTORIES: dict = {}


def register_history(model, history, parent: str) -> None:
    """Let the version check name who changed a record of ``model`` from its own history table."""
    HISTORIES[model] = (history, parent)


def changed_meanwhile_by(obj, since) -> tuple[str, object] | None:
    """Who changed ``obj`` after ``since`` (from its history and the admin's log): (name, when)."""
    candidates = []
    if since is not None:
        try:
            flow = workflow_of(obj)
            source = (flow.history, flow.parent)
        except KeyError:
            source = HISTORIES.get(type(obj)._meta.concrete_model)
        if source is not None:
            history, parent = source
            change = (
                history._default_manager.filter(**{parent: obj.pk}, at__gt=since)
                .select_related("by")
                .order_by("-at", "-pk")
                .first()
            )
            if change is not None:
                candidates.append((change.at, str(change.by) if change.by else gettext("the portal")))
        entry = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=str(obj.pk),
                action_time__gt=since,
            )
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        if entry is None and obj._meta.proxy:
            entry = (
                LogEntry.objects.filter(
                    content_type=ContentType.objects.get_for_model(obj),
                    object_id=str(obj.pk),
                    action_time__gt=since,
                )
                .select_related("user")
                .order_by("-action_time")
                .first()
            )
        if entry is not None:
            candidates.append((entry.action_time, str(entry.user)))
    if not candidates:
        return None
    when, name = max(candidates, key=lambda pair: pair[0])
    return name, when


class VersionCheckedForm(forms.ModelForm):
    """Adds the hidden version token and refuses a save over a row that changed since loading."""

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked_row = None
        if self.instance.pk is not None and not self.is_bound:
            fingerprint = row_fingerprint(type(self.instance), self.instance.pk)
            self.initial[VERSION_FIELD] = f"{timezone.now().isoformat()}|{fingerprint}"

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk is None:
            return cleaned
        model = type(instance)
        # Locked until the admin's transaction (changeform_view is atomic) ends after the save.
        self.locked_row = model._base_manager.select_for_update().get(pk=instance.pk)
        loaded_at, _sep, fingerprint = (self.data.get(self.add_prefix(VERSION_FIELD)) or "").partition("|")
        if fingerprint and fingerprint == row_fingerprint(model, instance.pk):
            return cleaned
        since = parse_datetime(loaded_at) if loaded_at else None
        who = changed_meanwhile_by(instance, since)
        if who is None:
            message = _(
                "This record was changed since you opened it. Nothing was saved: please reload the page "
                "and make your changes again."
            )
        else:
            message = _(
                "This record was changed by %(name)s at %(time)s since you opened it. Nothing was saved: "
                "please reload the page and make your changes again."
            ) % {"name": who[0], "time": timezone.localtime(who[1]).strftime("%d.%m.%Y %H:%M:%S")}
        raise ValidationError(message, code="changed_meanwhile")


class StatusChangeForm(forms.Form):
    """The "change the status" page's form: the steps the user may take and a comment.

    A status model whose steps need more (a place in a ranking, a notice with its PDF) subclasses
    it: ``step_fieldsets`` names (heading, field names) shown with the step among ``steps``, and
    ``step_data()`` passes their values on to ``StatusModelAdmin.change_status`` as keywords."""

    to = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Kept in the history (and sent with the mail, where the step mails)."),
    )
    # target status -> (heading, [field names]): the fields shown when that step is offered
    step_fieldsets: dict = {}

    def __init__(self, *args, steps, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj = obj
        self.fields["to"].choices = [(target, step.label_of(obj)) for target, step in steps.items()]
        self.fieldsets = []
        for target, (heading, names) in self.step_fieldsets.items():
            if target in steps:
                self.fieldsets.append((heading, [self[name] for name in names]))
            else:
                for name in names:
                    self.fields.pop(name, None)

    def step_data(self) -> dict:
        """The values of the fields the chosen step needs."""
        target = self.cleaned_data.get("to")
        _heading, names = self.step_fieldsets.get(target, ("", []))
        return {name: self.cleaned_data.get(name) for name in names}


def history_inline(history_model):
    """A read-only tabular inline of a history model."""
    return type(
        f"{history_model.__name__}Inline",
        (admin.TabularInline,),
        {
            "model": history_model,
            "extra": 0,
            "fields": ["at", "from_status", "to_status", "by", "comment"],
            "readonly_fields": ["at", "from_status", "to_status", "by", "comment"],
            "can_delete": False,
            "ordering": ["at", "pk"],
            "has_add_permission": lambda self, request, obj=None: False,
            "has_change_permission": lambda self, request, obj=None: False,
        },
    )


def _refusal(error) -> str:
    return "; ".join(getattr(error, "messages", None) or [str(error) or gettext("Not allowed.")])


def change_each(modeladmin, request, queryset, target: str, comment: str = "") -> list:
    """Take the step to ``target`` for each selected object (``modeladmin.take_step``); a refusal
    is shown per object. Returns the objects changed."""
    done = []
    for obj in queryset.order_by("pk"):
        try:
            modeladmin.take_step(request, obj, target, comment)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{obj}: {_refusal(error)}", messages.ERROR)
        else:
            done.append(obj)
    return done


def _status_action(target: str, label):
    def action(modeladmin, request, queryset):
        for obj in change_each(modeladmin, request, queryset, target):
            modeladmin.message_user(request, f"{obj}: {modeladmin.workflow.label(target)}", messages.SUCCESS)

    action.__name__ = f"status_{target}"
    action.short_description = label
    return action


class VersionCheckedAdmin(admin.ModelAdmin):
    """An admin whose saves never overwrite what someone else changed meanwhile: the form carries
    a version token (a stale form is refused, naming who changed the record), and a save writes
    only the fields that differ from the locked row, never the ``protected_fields`` (the status
    and what only the workflow sets)."""

    form = VersionCheckedForm
    protected_fields: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not issubclass(cls.form, VersionCheckedForm):
            cls.form = type(cls.form.__name__, (VersionCheckedForm, cls.form), {})

    def get_protected_fields(self) -> tuple[str, ...]:
        return tuple(self.protected_fields)

    def get_fields(self, request, obj=None):
        # The version token is rendered hidden at the top of the form (templates/admin/change_form.html).
        return [name for name in super().get_fields(request, obj) if name != VERSION_FIELD]

    def save_model(self, request, obj, form, change):
        """A new row is saved whole; a changed one writes only the fields that differ from the
        locked row in the database, never a protected one."""
        locked = getattr(form, "locked_row", None)
        if not change or locked is None:
            super().save_model(request, obj, form, change)
            return
        protected = set(self.get_protected_fields())
        changed = [
            field.name
            for field in obj._meta.concrete_fields
            if not field.primary_key
            and field.name not in protected
            and getattr(obj, field.attname) != getattr(locked, field.attname)
        ]
        for name in protected:
            field = obj._meta.get_field(name)
            setattr(obj, field.attname, getattr(locked, field.attname))
        if changed:
            changed += [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
            obj.save(update_fields=list(dict.fromkeys(changed)))


class StatusModelAdmin(VersionCheckedAdmin):
    """Base admin of a model with a declared workflow (see the module's docstring)."""

    # Targets offered as bulk actions (None: every target of the declaration).
    status_actions: list[str] | None = None
    # The "change the status" page's form (a subclass adds the fields some steps need) and a
    # text above it (who decides what).
    status_form = StatusChangeForm
    status_help = ""
    # Steps that are moderation decisions on what the public wrote: each is also written to the
    # admin's log with its reason (``moderation.py``): target status -> what happened.
    moderation_log: dict = {}

    @property
    def workflow(self):
        return workflow_of(self.model)

    def get_protected_fields(self) -> tuple[str, ...]:
        return (self.workflow.field, *self.protected_fields)

    # -- the form -------------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        for name in (self.workflow.field, "status_link"):
            if name not in fields:
                fields.insert(0, name)
        return fields

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        if obj is not None:
            inlines.append(history_inline(self.workflow.history))
        return inlines

    # -- status changes -----------------------------------------------------------------

    def change_status(self, request, obj, to: str, comment: str, **data):
        """Take the step to ``to`` (subclasses add what their services need; ``data``: the values
        of the step's fields on the status page, see ``StatusChangeForm.step_fieldsets``)."""
        return transition(obj, to, by=request.user, comment=comment)

    def moderation_reason(self, obj, comment: str) -> str:
        return comment

    def take_step(self, request, obj, to: str, comment: str, **data):
        """``change_status`` from the admin's pages and actions, plus the moderation trail."""
        result = self.change_status(request, obj, to, comment, **data)
        if to in self.moderation_log:
            log_moderation(request, [obj], self.moderation_log[to], reason=self.moderation_reason(obj, comment))
        return result

    def decide(self, request, queryset, to: str) -> int:
        """A moderation bulk action: the step to ``to`` for each selected object, with the reason
        typed next to the action (``ReasonActionForm``); returns how many changed."""
        return len(change_each(self, request, queryset, to, moderation_reason(request)))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            return actions
        seen = {}
        for _source, target, step in self.workflow.pairs():
            if self.status_actions is not None and target not in self.status_actions:
                continue
            seen.setdefault(target, step.label)
        for target, label in seen.items():
            action = _status_action(target, label)
            actions[action.__name__] = (action, action.__name__, label)
        return actions

    @admin.display(description=_("status"))
    def status_link(self, obj):
        if not obj or not obj.pk:
            return "–"
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_status", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Change the status (with comment)"))

    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view(self.status_view)
        return [path("<int:pk>/status/", view, name=f"{opts.app_label}_{opts.model_name}_status"), *super().get_urls()]

    def status_view(self, request, pk):
        """The steps the user may take from the current status, with a comment."""
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        steps = allowed(obj, request.user)
        form = self.status_form(request.POST or None, request.FILES or None, steps=steps, obj=obj)
        if request.method == "POST" and form.is_valid():
            try:
                self.take_step(request, obj, form.cleaned_data["to"], form.cleaned_data["comment"], **form.step_data())
            except ValidationError as error:
                if hasattr(error, "error_dict"):  # beside the step's field where it has one
                    for name, messages_ in error.message_dict.items():
                        form.add_error(name if name in form.fields and name != "to" else None, messages_)
                else:
                    for message in error.messages:
                        form.add_error(None, message)
            except PermissionDenied as error:
                form.add_error(None, str(error) or gettext("Not allowed."))
            else:
                self.message_user(
                    request,
                    gettext("New status: %(status)s") % {"status": self.workflow.label(self.workflow.current(obj))},
                    messages.SUCCESS,
                )
                opts = self.model._meta
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Change the status of “%(title)s”") % {"title": obj},
            "original": obj,
            "current": self.workflow.label(self.workflow.current(obj)),
            "form": form,
            "status_help": self.status_help,
        }
        return TemplateResponse(request, "admin/core/status_change.html", context)


class SuggestionAdmin(StatusModelAdmin):
    """The admin of a suggestion model (``suggestions.py``; ``suggestions``: the app's
    ``Suggestions``). Approve and reject as bulk actions, on the "change the status" page and as
    "Save and approve" / "Save and reject" under the form: each through the app's services (the
    history row, the mail) and the moderation trail in the admin's log, with the moderator's
    comment."""

    suggestions = None
    status_actions: list[str] = []  # approve and reject below
    actions = ["approve", "reject"]
    change_form_template = "admin/core/suggestion_change_form.html"
    moderation_log = {
        SuggestionStatus.APPROVED: _("Suggestion approved"),
        SuggestionStatus.REJECTED: _("Suggestion rejected"),
    }

    def change_status(self, request, obj, to, comment, **data):
        if to == SuggestionStatus.APPROVED:
            return self.suggestions.approve(suggestion=obj, by=request.user, comment=comment)
        if to == SuggestionStatus.REJECTED:
            return self.suggestions.reject(suggestion=obj, by=request.user, comment=comment)
        return super().change_status(request, obj, to, comment, **data)

    def moderation_reason(self, obj, comment: str) -> str:
        return comment or obj.moderator_comment

    def response_change(self, request, obj):
        """The change form's "Save and approve" / "Save and reject" (after saving the edits)."""
        for button, to in (("_approve", SuggestionStatus.APPROVED), ("_reject", SuggestionStatus.REJECTED)):
            if button in request.POST:
                try:
                    self.take_step(request, obj, to, "")
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(request, _refusal(error), messages.ERROR)
                else:
                    self.message_user(request, gettext("New status: %(status)s") % {"status": to.label})
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.action(description=_("Approve selected suggestions"))
    def approve(self, request, queryset):
        if count := self.decide(request, queryset, SuggestionStatus.APPROVED):
            self.message_user(request, ngettext("%d suggestion approved.", "%d suggestions approved.", count) % count)

    @admin.action(description=_("Reject selected suggestions (the moderator's comment is sent)"))
    def reject(self, request, queryset):
        if count := self.decide(request, queryset, SuggestionStatus.REJECTED):
            self.message_user(request, ngettext("%d suggestion rejected.", "%d suggestions rejected.", count) % count)
