"""Audited status changes: one declaration per status model, one entry point.

A status model declares its workflow once, at the end of its ``models.py``::

    WORKFLOW = Workflow(
        Application,
        history=StatusChange,
        mail=Mail("funding/email/status_changed", to=applicant_addresses),
        states={
            S.DRAFT: {
                S.SUBMITTED: Step(_("Submit"), by=APPLICANT, stamp="submitted_at", guard=check_complete),
                S.WITHDRAWN: Step(_("Withdraw"), by=APPLICANT),
            },
            ...
        },
    )

For each status the allowed next statuses, and for each of those a ``Step``: its label, who may
take it (``role(...)``, ``owner()``, ``SYSTEM``), whether it mails, a date field it stamps and a
guard that may still refuse it (a budget, a deadline). ``transition(obj, to, by=...)`` is the only
code that assigns a status: it locks the row, checks the table, the role and the guard, saves the
status (and only the fields it changed), writes exactly one history row and queues the mail, all
in one transaction. The admin (``workflow_admin.py``), the templates' predicates and the docs
read the same declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

__all__ = [
    "SYSTEM",
    "Actor",
    "Mail",
    "PermissionDenied",
    "StatusChangeBase",
    "Step",
    "TransitionNotAllowed",
    "Workflow",
    "allowed",
    "can",
    "check",
    "record_created",
    "transition",
    "workflow_of",
]


class TransitionNotAllowed(ValidationError):
    """The declaration has no such step from the current status (a ``ValidationError``, so forms
    and admin actions show it like any other refusal)."""


@dataclass(frozen=True)
class Actor:
    """Who may take a step: ``test(obj, user)`` decides; ``label`` names it in docs and tests."""

    label: object  # a (lazy) string
    test: Callable = field(compare=False)

    def allows(self, obj, user) -> bool:
        return bool(self.test(obj, user))


def role(*roles) -> Actor:
    """Holders of one of ``roles`` (``user.has_role``)."""
    return Actor(
        format_lazy(" / ".join(["{}"] * len(roles)), *(getattr(r, "label", r) for r in roles)),
        lambda obj, user: user is not None and user.is_authenticated and any(user.has_role(r) for r in roles),
    )


def owner(field_name: str = "owner", label: str = "") -> Actor:
    """The account the object's ``field_name`` points at (the applicant, the author)."""
    return Actor(
        label or str(_("the owner")),
        lambda obj, user: (
            user is not None and user.is_authenticated and getattr(obj, f"{field_name}_id", None) == user.pk
        ),
    )


# Steps the portal takes itself (a confirmation link, a scheduled job): ``by=None``.
SYSTEM = Actor("system", lambda obj, user: user is None)


@dataclass(frozen=True)
class Mail:
    """The mail a step queues: ``template`` (see ``queue_mail``), recipients from ``to(obj)`` and
    extra context from ``context(obj, change)``."""

    template: str
    to: Callable
    context: Callable | None = None
    subject: object = None  # a (lazy) subject instead of the template's ``_subject.txt``
    kind: str | None = None  # a notification kind: each recipient's setting decides (see queue_mail)


@dataclass(frozen=True)
class Step:
    """One allowed transition.

    ``by``: the actors who may take it. ``mail``: ``True`` for the workflow's default mail, a
    ``Mail`` of its own, ``False`` for none. ``stamp``: date fields set to now. ``guard(obj, by,
    comment)``: raises ``ValidationError`` to refuse (it runs on the locked row).
    ``effect(obj)``: sets further fields that belong to the step and returns their names.
    ``comment_required``: the history row must say why. ``label_for(obj)``: the label for one
    object where it differs (a building project's selection is the district's decision)."""

    label: str
    by: tuple[Actor, ...] | Actor
    mail: bool | Mail = True
    stamp: tuple[str, ...] | str = ()
    guard: Callable | None = None
    effect: Callable | None = None
    comment_required: bool = False
    label_for: Callable | None = None

    def label_of(self, obj) -> str:
        return self.label_for(obj) if self.label_for is not None and obj is not None else self.label

    @property
    def actors(self) -> tuple[Actor, ...]:
        return self.by if isinstance(self.by, tuple) else (self.by,)

    @property
    def stamps(self) -> tuple[str, ...]:
        return (self.stamp,) if isinstance(self.stamp, str) else tuple(self.stamp)

    def allows(self, obj, user) -> bool:
        return any(actor.allows(obj, user) for actor in self.actors)


_REGISTRY: dict[type, Workflow] = {}


class Workflow:
    """The declaration of one status model's workflow (see the module's docstring)."""

    def __init__(
        self,
        model: type[models.Model],
        *,
        history: type[models.Model],
        states: Mapping[str, Mapping[str, Step]],
        mail: Mail | None = None,
        field: str = "status",
        groups: Mapping[str, Iterable[str]] | None = None,
        lock: Iterable[str] = (),
    ):
        self.model = model
        # Foreign keys whose rows transition() locks before the object's own (a parent whose
        # status or sums the guards read): always in this order, so two steps never deadlock.
        self.lock = tuple(lock)
        self.history = history
        self.field = field
        self.mail = mail
        self.choices = model._meta.get_field(field).choices
        self.states = {
            str(source): {str(target): step for target, step in steps.items()} for source, steps in states.items()
        }
        # Named sets of statuses ("editable", "funded"), readable as predicates: obj.state.editable
        self.groups = {name: frozenset(str(s) for s in members) for name, members in (groups or {}).items()}
        # The history's foreign key to the model
        self.parent = next(
            f.name for f in history._meta.fields if isinstance(f, models.ForeignKey) and f.remote_field.model is model
        )
        values = {str(value) for value, _label in self.choices}
        unknown = (set(self.states) | {t for steps in self.states.values() for t in steps}) - values
        if unknown:
            raise ValueError(f"{model.__name__}: unknown statuses in the workflow: {sorted(unknown)}")
        if mail is None and any(step.mail is True for steps in self.states.values() for step in steps.values()):
            raise ValueError(f"{model.__name__}: steps mail but the workflow has no default mail")
        _REGISTRY[model] = self
        model.state = StateDescriptor(self)

    def __repr__(self) -> str:
        return f"<Workflow {self.model.__name__}>"

    def label(self, status: str) -> str:
        return dict(self.choices).get(status, status)

    def steps_from(self, status: str) -> dict[str, Step]:
        return self.states.get(str(status), {})

    def step(self, source: str, target: str) -> Step | None:
        return self.steps_from(source).get(str(target))

    def pairs(self) -> Iterable[tuple[str, str, Step]]:
        for source, steps in self.states.items():
            for target, step in steps.items():
                yield source, target, step

    def current(self, obj) -> str:
        return getattr(obj, self.field)


def workflow_of(obj_or_model) -> Workflow:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return _REGISTRY[model._meta.concrete_model]


def workflows() -> list[Workflow]:
    """Every declared workflow (after the apps are loaded)."""
    return list(_REGISTRY.values())


def allowed(obj, user) -> dict[str, Step]:
    """The steps ``user`` (``None``: the system) may take from ``obj``'s current status."""
    flow = workflow_of(obj)
    return {target: step for target, step in flow.steps_from(flow.current(obj)).items() if step.allows(obj, user)}


def can(obj, to: str, user) -> bool:
    return str(to) in allowed(obj, user)


class StatePredicates:
    """``obj.state``: ``obj.state.draft`` is True in status draft, ``obj.state.editable`` when the
    status is in the declaration's group "editable"; ``obj.state.can_reach.withdrawn`` when the
    table has a step from the current status to "withdrawn" (for anyone). Templates use these
    instead of comparing status strings."""

    def __init__(self, flow: Workflow, obj):
        self._flow, self._obj = flow, obj

    def _value(self, name: str) -> bool:
        current = self._flow.current(self._obj)
        if name in self._flow.groups:
            return current in self._flow.groups[name]
        if name in dict(self._flow.choices):
            return current == name
        raise AttributeError(f"{self._flow.model.__name__} has no status or status group {name!r}")

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._value(name)

    def __getitem__(self, name: str) -> bool:
        try:
            return self._value(name)
        except AttributeError as error:
            raise KeyError(name) from error

    @property
    def can_reach(self) -> set[str]:
        return set(self._flow.steps_from(self._flow.current(self._obj)))


class StateDescriptor:
    def __init__(self, flow: Workflow):
        self.flow = flow

    def __get__(self, obj, owner=None):
        return self.flow if obj is None else StatePredicates(self.flow, obj)


def check(obj, to, *, by) -> Step:
    """Raise what ``transition()`` would raise for the table and the actors (not the guard) if
    ``by`` took the step to ``to`` from ``obj``'s status as read; change nothing. Services call it
    before the domain work around a step (a grant notice), so a wrong role is refused first."""
    flow = workflow_of(obj)
    to = str(to)
    if by is not None and not by.is_authenticated:
        by = None
    current = flow.current(obj)
    step = flow.step(current, to)
    if step is None:
        raise TransitionNotAllowed(
            _("The status “%(from)s” cannot change to “%(to)s”."),
            code="invalid_transition",
            params={"from": flow.label(current), "to": flow.label(to)},
        )
    if not step.allows(obj, by):
        raise PermissionDenied(
            _("Only %(actors)s may do this.") % {"actors": ", ".join(str(a.label) for a in step.actors)}
        )
    return step


def _lock_rows(flow: Workflow, obj):
    """Lock the declared parent rows (``Workflow(lock=...)``), then the object's row; the locked
    object carries the locked parents, so guards read what nobody can change meanwhile."""
    parents = {}
    for name in flow.lock:
        relation = flow.model._meta.get_field(name)
        parent_pk = getattr(obj, relation.attname)
        if parent_pk is None:
            continue
        parents[name] = relation.related_model._base_manager.select_for_update().get(pk=parent_pk)
    locked = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    for name, parent in parents.items():
        if getattr(locked, flow.model._meta.get_field(name).attname) == parent.pk:
            setattr(locked, name, parent)
    return locked


def transition(
    obj,
    to,
    *,
    by,
    comment: str = "",
    changes: Mapping | None = None,
    record: Mapping | None = None,
    notify: bool = True,
    at=None,
):
    """Move ``obj`` to status ``to`` as ``by`` (a user; ``None`` for the system) and return the
    history row.

    Locks the row (``select_for_update`` in a transaction; first the parents the declaration
    names in ``lock``), checks the declared step and its
    actors, runs its guard, sets the status, the step's date stamps and ``changes`` (further
    fields decided with the step, e.g. a granted amount), saves only those fields, writes one
    history row (``record``: further history fields) and queues the step's mail. ``obj`` gets the
    saved values. ``notify=False`` queues no mail (demo data). ``at``: the moment of the step
    (default now; the stamps and the history row take it, and the guard reads it in the stamps,
    e.g. a submission against a deadline). Raises ``TransitionNotAllowed`` or
    ``PermissionDenied``."""
    flow = workflow_of(obj)
    to = str(to)
    if by is not None and not by.is_authenticated:
        by = None
    with transaction.atomic():
        locked = _lock_rows(flow, obj)
        current = flow.current(locked)
        step = check(locked, to, by=by)
        if step.comment_required and not comment.strip():
            raise ValidationError({"comment": _("Please give a reason.")}, code="comment_required")
        now = at or timezone.now()
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        for name in step.stamps:
            setattr(locked, name, now)  # before the guard: it may compare the moment with a deadline
        if step.guard is not None:
            step.guard(locked, by, comment)
        setattr(locked, flow.field, to)
        fields = [flow.field, *(changes or {}), *step.stamps]
        if step.effect is not None:
            fields += list(step.effect(locked) or ())
        for model_field in locked._meta.concrete_fields:
            if getattr(model_field, "auto_now", False):
                fields.append(model_field.name)  # pre_save sets it
        locked.save(update_fields=list(dict.fromkeys(fields)))
        change = flow.history._default_manager.create(
            **{flow.parent: locked},
            from_status=current,
            to_status=to,
            by=by,
            at=now,
            comment=comment,
            **(record or {}),
        )
        mail = flow.mail if step.mail is True else step.mail or None
        if mail is not None and notify:
            from .mail import queue_mail

            context = {"object": locked, flow.model._meta.model_name: locked, "comment": comment, "change": change}
            if mail.context is not None:
                context.update(mail.context(locked, change))
            queue_mail(
                to=mail.to(locked),
                template=mail.template,
                context=context,
                subject=mail.subject,
                kind=mail.kind,
                about=change if mail.kind else None,  # a digest lists each status change once
            )
    for name in fields:
        model_field = locked._meta.get_field(name)
        setattr(obj, model_field.attname, getattr(locked, model_field.attname))
    return change


def record_created(obj, *, by, comment: str = ""):
    """The first history row of a new object (from no status to its first one), written where
    the object is created."""
    flow = workflow_of(obj)
    if by is not None and not by.is_authenticated:
        by = None
    return flow.history._default_manager.create(
        **{flow.parent: obj}, from_status="", to_status=flow.current(obj), by=by, comment=comment
    )


class StatusChangeBase(models.Model):
    """One row of a status model's history: who moved it from which status to which, when, why.

    Each status model has a concrete subclass with a foreign key ``related_name="status_changes"``
    and the model's choices on ``from_status``/``to_status``; rows are written by
    ``transition()`` only and listed oldest first."""

    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        abstract = True
        verbose_name = _("status change")
        verbose_name_plural = _("history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
