"""The neighbourhood calendar (Kiezkalender): events with date and time, place, organiser,
accessibility and cost, and the public's suggestions of events, moderated by the QM team.

A repeating event keeps a simple rule (every week, every two weeks, every month on the same day or
on the same weekday) and an end date. Its dates are written as ``Occurrence`` rows from that rule
(python-dateutil's ``rrule``, in Berlin wall-clock time, so 19:00 stays 19:00 across the change to
summer time) whenever the event is saved; the list, the month view, the filters and the pagination
are then plain database queries whose number does not grow with the data.
"""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.roles import Role
from apps.core.suggestions import SuggestionStatus, SuggestionStatusChangeBase, suggestion_workflow
from apps.core.workflow import role
from apps.network.models import Actor, Language, StepFree

# A series ends at the latest this long after its first date, with at most this many dates.
MAX_SERIES_DAYS = 2 * 366
MAX_OCCURRENCES = 120


class EventKind(models.TextChoices):
    QM = "qm", _("Neighbourhood office")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood festival and meeting")
    CULTURE = "culture", _("Culture")
    EDUCATION = "education", _("Education and counselling")
    FAMILY = "family", _("Children and families")
    YOUTH = "youth", _("Youth")
    SENIORS = "seniors", _("Seniors")
    SPORT = "sport", _("Sport and health")
    OPEN_DAY = "open_day", _("Open day")
    COUNCIL = "council", _("Council meeting")
    OTHER = "other", _("Other")


# The kinds an event of the calendar itself can have (council meetings come from the council app).
OWN_KINDS = [(value, label) for value, label in EventKind.choices if value != EventKind.COUNCIL]


class Repeat(models.TextChoices):
    NONE = "none", _("Does not repeat")
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY_DAY = "monthly_day", _("Every month on the same day")
    MONTHLY_WEEKDAY = "monthly_weekday", _("Every month on the same weekday (e.g. every first Tuesday)")


class CostKind(models.TextChoices):
    FREE = "free", _("Free of charge")
    AMOUNT = "amount", _("Price")
    TEXT = "text", _("Other (described)")


def berlin(value: datetime) -> datetime:
    return timezone.localtime(value, timezone.get_default_timezone())


def series_starts(starts_at: datetime, repeat: str, until) -> list[datetime]:
    """The start of every date of a series (the first one included), as aware datetimes."""
    if repeat == Repeat.NONE or until is None:
        return [starts_at]
    tz = timezone.get_default_timezone()
    first = berlin(starts_at).replace(tzinfo=None)
    last_day = min(until, first.date() + timedelta(days=MAX_SERIES_DAYS))
    options = {"dtstart": first, "until": datetime.combine(last_day, time.max)}
    if repeat == Repeat.WEEKLY:
        rule = rrule.rrule(rrule.WEEKLY, **options)
    elif repeat == Repeat.BIWEEKLY:
        rule = rrule.rrule(rrule.WEEKLY, interval=2, **options)
    elif repeat == Repeat.MONTHLY_DAY:
        rule = rrule.rrule(rrule.MONTHLY, bymonthday=first.day, **options)
    else:
        rule = rrule.rrule(rrule.MONTHLY, byweekday=rrule.weekday(first.weekday(), nth_weekday(first)), **options)
    starts = []
    for start in rule:
        starts.append(timezone.make_aware(start, tz))
        if len(starts) >= MAX_OCCURRENCES:
            break
    return starts


def nth_weekday(day) -> int:
    """Which weekday of its month ``day`` is: 1..4, or -1 for a fifth (kept as "the last")."""
    number = (day.day - 1) // 7 + 1
    return -1 if number == 5 else number


def ical_rule(starts_at: datetime, repeat: str, until) -> dict | None:
    """The series as an iCalendar RRULE (a dict for icalendar's vRecur), None for a single date."""
    if repeat == Repeat.NONE or until is None:
        return None
    local = berlin(starts_at)
    last_day = min(until, local.date() + timedelta(days=MAX_SERIES_DAYS))
    rule = {"until": timezone.make_aware(datetime.combine(last_day, time(23, 59, 59))).astimezone(UTC)}
    if repeat == Repeat.WEEKLY:
        rule["freq"] = "weekly"
    elif repeat == Repeat.BIWEEKLY:
        rule.update(freq="weekly", interval=2)
    elif repeat == Repeat.MONTHLY_DAY:
        rule.update(freq="monthly", bymonthday=local.day)
    else:
        day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][local.weekday()]
        rule.update(freq="monthly", byday=f"{nth_weekday(local)}{day}")
    return rule


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Event(models.Model):
    """An event of the calendar: once or repeating, at a directory entry's place or an address."""

    Kind = EventKind
    Repeat = Repeat
    CostKind = CostKind
    StepFree = StepFree

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OWN_KINDS, default=EventKind.NEIGHBOURHOOD)
    description = models.TextField(_("description (Markdown)"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), help_text=_("For a repeating event: the first date."))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("Optional; on the same day."))
    repeat = models.CharField(_("repeats"), max_length=20, choices=Repeat.choices, default=Repeat.NONE)
    repeat_until = models.DateField(
        _("repeats until"),
        null=True,
        blank=True,
        help_text=_("The last possible date of a repeating event (at most two years after the first)."),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("place in the directory"),
        help_text=_("Where the place has a directory entry; its address is shown."),
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True, help_text=_("e.g. “Nachbarschaftsgarten”"))
    place_address = models.CharField(_("address"), max_length=200, blank=True)
    step_free = models.CharField(
        _("step-free access"), max_length=10, choices=StepFree.choices, default=StepFree.UNKNOWN
    )
    accessibility_notes = models.CharField(_("notes on accessibility"), max_length=300, blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="events", verbose_name=_("languages"))
    cost_kind = models.CharField(_("cost"), max_length=10, choices=CostKind.choices, default=CostKind.FREE)
    cost_amount = models.DecimalField(
        _("price in euros"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    cost_text = models.CharField(_("cost described"), max_length=200, blank=True, help_text=_("e.g. “Spende erbeten”"))
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [
            # The feed walks the published events by their first date and stops at 100.
            models.Index(fields=["starts_at", "id"], condition=Q(is_published=True), name="events_event_published_idx"),
            # The list's filtered count and the month join the published events from this index alone.
            models.Index(
                fields=["id"],
                include=["kind", "step_free", "cost_kind", "title"],
                condition=Q(is_published=True),
                name="events_event_public_cover_idx",
            ),
            # The list's unfiltered count leaves out the dates of these few (event_list).
            models.Index(fields=["id"], condition=Q(is_published=False), name="events_event_hidden_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[value for value, _label in OWN_KINDS]), name="events_event_kind_valid"
            ),
            models.CheckConstraint(condition=Q(step_free__in=StepFree.values), name="events_event_step_free_valid"),
            models.CheckConstraint(condition=Q(repeat__in=Repeat.values), name="events_event_repeat_valid"),
            models.CheckConstraint(
                condition=Q(repeat=Repeat.NONE, repeat_until__isnull=True)
                | (~Q(repeat=Repeat.NONE) & Q(repeat_until__isnull=False)),
                name="events_event_repeat_has_end",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="events_event_end_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(cost_kind=CostKind.AMOUNT) & Q(cost_amount__gt=0))
                | (~Q(cost_kind=CostKind.AMOUNT) & Q(cost_amount__isnull=True)),
                name="events_event_amount_with_price",
            ),
            models.CheckConstraint(
                condition=~Q(cost_kind=CostKind.TEXT) | ~Q(cost_text=""), name="events_event_cost_text_given"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.write_occurrences()

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        errors = {}
        if self.repeat != Repeat.NONE and not self.repeat_until:
            errors["repeat_until"] = _("Please give the last date of the series.")
        if self.repeat == Repeat.NONE:
            self.repeat_until = None
        if self.starts_at and self.repeat_until:
            first = berlin(self.starts_at).date()
            if self.repeat_until < first:
                errors["repeat_until"] = _("The series cannot end before its first date.")
            elif self.repeat_until > first + timedelta(days=MAX_SERIES_DAYS):
                errors["repeat_until"] = _("A series can last at most two years; please create a new one then.")
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = _("The end must be after the start.")
            elif self.repeat != Repeat.NONE and self.ends_at - self.starts_at > timedelta(days=1):
                errors["ends_at"] = _("A repeating event must end within a day of its start.")
        if self.cost_kind == CostKind.AMOUNT and not self.cost_amount:
            errors["cost_amount"] = _("Please give the price.")
        if self.cost_kind != CostKind.AMOUNT:
            self.cost_amount = None
        if self.cost_kind == CostKind.TEXT and not self.cost_text.strip():
            errors["cost_text"] = _("Please describe the cost.")
        if not self.actor_id and not (self.place_name.strip() or self.place_address.strip()):
            errors["place_name"] = _("Please choose a directory entry or give the place.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_free(self) -> bool:
        return self.cost_kind == CostKind.FREE

    @property
    def place(self) -> str:
        """The place as one line: the directory entry's name and address, or the free text."""
        if self.actor_id and self.actor:
            return ", ".join(part for part in [self.actor.name, self.actor.address_line] if part)
        return ", ".join(part for part in [self.place_name, self.place_address] if part)

    @property
    def duration(self) -> timedelta | None:
        return self.ends_at - self.starts_at if self.ends_at else None

    def occurrence_times(self) -> list[tuple[datetime, datetime | None]]:
        duration = self.duration
        return [
            (start, start + duration if duration else None)
            for start in series_starts(self.starts_at, self.repeat, self.repeat_until)
        ]

    def ical_rule(self) -> dict | None:
        return ical_rule(self.starts_at, self.repeat, self.repeat_until)

    def write_occurrences(self) -> None:
        """Replace the event's dates with those its rule gives now."""
        self.occurrences.all().delete()
        Occurrence.objects.bulk_create(
            [Occurrence(event=self, starts_at=start, ends_at=end) for start, end in self.occurrence_times()]
        )


class OccurrenceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(event__is_published=True)

    def between(self, start: datetime, end: datetime | None = None):
        """Dates that start in [start, end) – or, having begun before, still run at ``start``."""
        queryset = self.filter(Q(starts_at__gte=start) | Q(ends_at__gt=start))
        return queryset.filter(starts_at__lt=end) if end is not None else queryset


class Occurrence(models.Model):
    """One date of an event (written from the event's rule, never edited by hand)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("event"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at", "id"], name="events_occurrence_start_idx")]

    def __str__(self) -> str:
        return f"{self.event} – {berlin(self.starts_at):%d.%m.%Y %H:%M}"


class EventSuggestionQuerySet(models.QuerySet):
    def awaiting_moderation(self):
        return self.filter(status=SuggestionStatus.NEW)


class EventSuggestion(models.Model):
    """A visitor's suggestion of an event (one date). The suggester's e-mail address is only used
    to confirm it and to tell the decision; it is never shown publicly. The status changes only
    through the workflow (``WORKFLOW`` at the end of this module); who decided is in its history."""

    Status = SuggestionStatus

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OWN_KINDS, default=EventKind.NEIGHBOURHOOD)
    description = models.TextField(_("description"))
    organiser = models.CharField(_("organiser"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place_name = models.CharField(_("place"), max_length=200)
    place_address = models.CharField(_("address"), max_length=200)
    step_free = models.CharField(
        _("step-free access"), max_length=10, choices=StepFree.choices, default=StepFree.UNKNOWN
    )
    languages = models.ManyToManyField(
        Language, blank=True, related_name="event_suggestions", verbose_name=_("languages")
    )
    cost_kind = models.CharField(_("cost"), max_length=10, choices=CostKind.choices, default=CostKind.FREE)
    cost_amount = models.DecimalField(
        _("price in euros"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    cost_text = models.CharField(_("cost described"), max_length=200, blank=True)
    message = models.TextField(_("message to the QM team"), blank=True)

    # About the suggester: never shown publicly.
    suggester_name = models.CharField(_("your name"), max_length=120, blank=True)
    suggester_email = models.EmailField(_("your e-mail address"))
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    moderator_comment = models.TextField(
        _("moderator's comment"), blank=True, help_text=_("Sent to the suggester with the decision.")
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        editable=False,
        verbose_name=_("event created"),
    )

    objects = EventSuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("event suggestion")
        verbose_name_plural = _("event suggestions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="events_suggestion_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="events_suggestion_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[value for value, _label in OWN_KINDS]), name="events_suggestion_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | ~Q(status=SuggestionStatus.UNCONFIRMED),
                name="events_suggestion_unconfirmed_has_no_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))

    def ends_at(self) -> datetime | None:
        if self.end_time is None:
            return None
        end = timezone.make_aware(datetime.combine(self.date, self.end_time))
        return end if end > self.starts_at() else end + timedelta(days=1)


class EventSuggestionStatusChange(SuggestionStatusChangeBase):
    """History of an event suggestion: who changed its status when, with which comment."""

    suggestion = models.ForeignKey(
        EventSuggestion, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("event suggestion")
    )


# The one workflow of suggestions (apps/core/suggestions.py): confirmed by the signed link,
# approved (creates the event) or rejected by the QM team.
WORKFLOW = suggestion_workflow(
    EventSuggestion,
    history=EventSuggestionStatusChange,
    moderators=role(Role.QM_TEAM),
    decision_template="events/email/decision",
    created="event",
)
