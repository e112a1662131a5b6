"""Keeps the OParl view of the council data honest when rows change.

- A published object that is deleted, or that stops being public, leaves a ``Tombstone`` (see
  ``models.py``); an object that becomes public again loses it. What was never public leaves
  nothing behind.
- An OParl object embeds its sub-objects (a meeting its agenda items, an item its files and
  decisions), so a change to a sub-object moves the parent's ``updated_at`` (OParl's
  ``modified``) as well; harvesters that ask for ``modified_since`` then fetch the parent again.

Signals because the rows are written by the admin, services, demo and bench code of other apps,
which must not know about this app (it imports them, never the other way round).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from apps.council.models import AgendaDocument, AgendaItem, Decision, Meeting, Membership, Term
from apps.funding.models import Application

from .models import Kind, Tombstone
from .publication import public_paper_ids

Consultation = AgendaItem.funding_applications.through


def bury(kind: str, pks, created_at) -> None:
    """Stubs for published objects that are gone (``created_at``: a value or {pk: value})."""
    rows = [
        Tombstone(kind=kind, object_id=pk, created_at=created_at[pk] if isinstance(created_at, dict) else created_at)
        for pk in pks
    ]
    if rows:
        Tombstone.objects.bulk_create(rows, ignore_conflicts=True)


def revive(kind: str, pks) -> None:
    """Objects that are public again are served in full, not as stubs."""
    pks = list(pks)
    if pks:
        Tombstone.objects.filter(kind=kind, object_id__in=pks).delete()


def touch(model, **lookup) -> None:
    model.objects.filter(**lookup).update(updated_at=timezone.now())


def _previous(instance, *fields):
    if instance.pk is None or instance._state.adding:
        return None
    return type(instance).objects.filter(pk=instance.pk).values(*fields).first()


# Terms


def term_deleted(sender, instance, **kwargs):
    bury(Kind.TERM, [instance.pk], instance.created_at)


# Persons and memberships: one council seat is one OParl Person with one Membership.


def membership_before_save(sender, instance, **kwargs):
    before = _previous(instance, "consent_name")
    if before and before["consent_name"] and not instance.consent_name:
        for kind in (Kind.PERSON, Kind.MEMBERSHIP):
            bury(kind, [instance.pk], instance.created_at)
    elif instance.consent_name and instance.pk:
        for kind in (Kind.PERSON, Kind.MEMBERSHIP):
            revive(kind, [instance.pk])


def membership_deleted(sender, instance, **kwargs):
    if instance.consent_name:
        for kind in (Kind.PERSON, Kind.MEMBERSHIP):
            bury(kind, [instance.pk], instance.created_at)


# Meetings (each with its location), agenda items, files, consultations, papers


def meeting_deleted(sender, instance, **kwargs):
    for kind in (Kind.MEETING, Kind.LOCATION):
        bury(kind, [instance.pk], instance.created_at)


def _public_documents(item_pk):
    return dict(
        AgendaDocument.objects.filter(agenda_item_id=item_pk, is_internal=False).values_list("pk", "created_at")
    )


def _consultations(**lookup):
    return list(Consultation.objects.filter(**lookup).values_list("pk", flat=True))


def agenda_item_before_save(sender, instance, **kwargs):
    before = _previous(instance, "is_confidential")
    if before is None or before["is_confidential"] == instance.is_confidential:
        return
    applications = list(instance.funding_applications.values_list("pk", flat=True))
    instance._opendata_papers = (applications, public_paper_ids(applications))
    documents = _public_documents(instance.pk)
    consultations = _consultations(agendaitem_id=instance.pk)
    if instance.is_confidential:
        bury(Kind.AGENDA_ITEM, [instance.pk], instance.created_at)
        bury(Kind.FILE, documents, documents)
        bury(Kind.CONSULTATION, consultations, instance.created_at)
    else:
        revive(Kind.AGENDA_ITEM, [instance.pk])
        revive(Kind.FILE, documents)
        revive(Kind.CONSULTATION, consultations)


def _settle_papers(applications, public_before) -> None:
    """Papers that stopped being public get a stub; papers public (again) lose theirs."""
    public_after = public_paper_ids(applications)
    gone = set(public_before) - set(public_after)
    created = dict(Application.objects.filter(pk__in=gone).values_list("pk", "created_at"))
    bury(Kind.PAPER, created, created)
    revive(Kind.PAPER, public_after)
    touch(Application, pk__in=applications)


def agenda_item_saved(sender, instance, created, **kwargs):
    touch(Meeting, pk=instance.meeting_id)
    papers = getattr(instance, "_opendata_papers", None)
    if papers:
        del instance._opendata_papers
        _settle_papers(*papers)


def agenda_item_before_delete(sender, instance, **kwargs):
    applications = list(instance.funding_applications.values_list("pk", flat=True))
    instance._opendata_papers = (applications, public_paper_ids(applications))
    if not instance.is_confidential:
        bury(Kind.AGENDA_ITEM, [instance.pk], instance.created_at)
        bury(Kind.CONSULTATION, _consultations(agendaitem_id=instance.pk), instance.created_at)


def agenda_item_deleted(sender, instance, **kwargs):
    touch(Meeting, pk=instance.meeting_id)
    papers = getattr(instance, "_opendata_papers", None)
    if papers:
        _settle_papers(*papers)


def document_before_save(sender, instance, **kwargs):
    before = _previous(instance, "is_internal")
    if before is None or before["is_internal"] == instance.is_internal:
        return
    item_public = not AgendaItem.objects.filter(pk=instance.agenda_item_id, is_confidential=True).exists()
    if instance.is_internal and item_public:
        bury(Kind.FILE, [instance.pk], instance.created_at)
    elif not instance.is_internal:
        revive(Kind.FILE, [instance.pk])


def document_before_delete(sender, instance, **kwargs):
    if not instance.is_internal and not instance.agenda_item.is_confidential:
        bury(Kind.FILE, [instance.pk], instance.created_at)


def document_changed(sender, instance, **kwargs):
    touch(AgendaItem, pk=instance.agenda_item_id)
    touch(Meeting, agenda_items__pk=instance.agenda_item_id)


def decision_changed(sender, instance, **kwargs):
    touch(AgendaItem, pk=instance.agenda_item_id)
    touch(Meeting, agenda_items__pk=instance.agenda_item_id)


def application_before_delete(sender, instance, **kwargs):
    if public_paper_ids([instance.pk]):
        bury(Kind.PAPER, [instance.pk], instance.created_at)
    item = AgendaItem.objects.filter(funding_applications=instance, is_confidential=False)
    bury(Kind.CONSULTATION, _consultations(application_id=instance.pk, agendaitem__in=item), instance.created_at)


def consultations_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """Links between agenda items and funding applications (OParl consultations) added or removed."""
    if action not in ("pre_remove", "pre_clear", "post_remove", "post_clear", "post_add"):
        return
    if reverse:  # instance is an application
        lookup = {"application_id": instance.pk}
        if pk_set is not None:
            lookup["agendaitem_id__in"] = pk_set
    else:  # instance is an agenda item
        lookup = {"agendaitem_id": instance.pk}
        if pk_set is not None:
            lookup["application_id__in"] = pk_set
    if action.startswith("pre_"):
        rows = list(Consultation.objects.filter(**lookup).values_list("pk", "application_id", "agendaitem_id"))
        public_items = set(
            AgendaItem.objects.filter(pk__in={row[2] for row in rows}, is_confidential=False).values_list(
                "pk", flat=True
            )
        )
        now = timezone.now()
        bury(Kind.CONSULTATION, [pk for pk, _app, item in rows if item in public_items], now)
        applications = sorted({app for _pk, app, _item in rows})
        instance._opendata_links = (applications, public_paper_ids(applications), sorted({r[2] for r in rows}))
        return
    if action == "post_add":
        applications = sorted(pk_set) if not reverse else [instance.pk]
        items = [instance.pk] if not reverse else sorted(pk_set)
        papers = (applications, [])
    else:
        applications, public_before, items = getattr(instance, "_opendata_links", ([], [], []))
        papers = (applications, public_before)
    _settle_papers(*papers)
    touch(AgendaItem, pk__in=items)
    touch(Meeting, agenda_items__pk__in=items)


def connect() -> None:
    uid = "opendata"
    pre_delete.connect(term_deleted, sender=Term, dispatch_uid=f"{uid}_term_deleted")
    pre_save.connect(membership_before_save, sender=Membership, dispatch_uid=f"{uid}_membership_save")
    pre_delete.connect(membership_deleted, sender=Membership, dispatch_uid=f"{uid}_membership_deleted")
    pre_delete.connect(meeting_deleted, sender=Meeting, dispatch_uid=f"{uid}_meeting_deleted")
    pre_save.connect(agenda_item_before_save, sender=AgendaItem, dispatch_uid=f"{uid}_item_before_save")
    post_save.connect(agenda_item_saved, sender=AgendaItem, dispatch_uid=f"{uid}_item_saved")
    pre_delete.connect(agenda_item_before_delete, sender=AgendaItem, dispatch_uid=f"{uid}_item_before_delete")
    post_delete.connect(agenda_item_deleted, sender=AgendaItem, dispatch_uid=f"{uid}_item_deleted")
    pre_save.connect(document_before_save, sender=AgendaDocument, dispatch_uid=f"{uid}_document_before_save")
    pre_delete.connect(document_before_delete, sender=AgendaDocument, dispatch_uid=f"{uid}_document_before_delete")
    post_save.connect(document_changed, sender=AgendaDocument, dispatch_uid=f"{uid}_document_saved")
    post_delete.connect(document_changed, sender=AgendaDocument, dispatch_uid=f"{uid}_document_deleted")
    post_save.connect(decision_changed, sender=Decision, dispatch_uid=f"{uid}_decision_saved")
    post_delete.connect(decision_changed, sender=Decision, dispatch_uid=f"{uid}_decision_deleted")
    pre_delete.connect(application_before_delete, sender=Application, dispatch_uid=f"{uid}_paper_before_delete")
    m2m_changed.connect(consultations_changed, sender=Consultation, dispatch_uid=f"{uid}_consultations")
