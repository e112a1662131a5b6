import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.network import services
from apps.network.models import Actor, StepFree, Suggestion, SuggestionStatus, actor_snapshot

from .factories import ActorFactory, SuggestionFactory, field_of_action, language

pytestmark = pytest.mark.django_db


def confirmed(suggestion: Suggestion) -> Suggestion:
    suggestion.change_status(SuggestionStatus.NEW)
    return suggestion


def test_approving_a_new_entry_creates_a_published_actor_and_mails_the_suggester(qm_staff):
    suggestion = confirmed(
        SuggestionFactory(name="Repair-Café Spreekiez", step_free=StepFree.YES, email="rc@example.org")
    )
    suggestion.languages.set([language("de"), language("tr")])
    suggestion.fields_of_action.set([field_of_action("oeffentlicher-raum")])

    actor = services.suggestion_approve(suggestion=suggestion, by=qm_staff, comment="Willkommen!")

    assert actor.is_published and actor.slug == "repair-cafe-spreekiez"
    assert actor.email == "rc@example.org" and actor.step_free == StepFree.YES
    assert {lang.code for lang in actor.languages.all()} == {"de", "tr"}
    assert [f.slug for f in actor.fields_of_action.all()] == ["oeffentlicher-raum"]
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.APPROVED and suggestion.actor == actor
    event = suggestion.status_changes.last()
    assert (event.to_status, event.by, event.comment) == ("approved", qm_staff, "Willkommen!")
    assert mail.outbox[-1].to == [suggestion.suggester_email]
    assert "Willkommen!" in mail.outbox[-1].body


def test_approving_a_correction_applies_only_the_changed_fields(qm_staff):
    actor = ActorFactory(name="Bibliothek", opening_hours="Di–Fr", phone="030 1", languages=["de"])
    original = actor_snapshot(actor)
    suggestion = SuggestionFactory(
        kind=Suggestion.Kind.CORRECTION, actor=actor, original=original, name="Bibliothek", kind_of_actor=actor.kind,
        description=actor.description, street=actor.street, postcode=actor.postcode, email=actor.email,
        phone="030 1", opening_hours="Di–Sa", step_free=actor.step_free,
    )  # fmt: skip
    suggestion.languages.set([language("de"), language("ar")])
    confirmed(suggestion)
    # Meanwhile the QM team changed the phone number: the correction must not undo that.
    Actor.objects.filter(pk=actor.pk).update(phone="030 2")

    services.suggestion_approve(suggestion=suggestion, by=qm_staff)

    actor.refresh_from_db()
    assert actor.opening_hours == "Di–Sa"
    assert actor.phone == "030 2"
    assert {lang.code for lang in actor.languages.all()} == {"de", "ar"}
    assert Actor.objects.count() == 1


def test_rejecting_mails_the_reason_and_creates_nothing(qm_staff):
    suggestion = confirmed(SuggestionFactory(moderator_comment="Liegt nicht im Gebiet."))
    services.suggestion_reject(suggestion=suggestion, by=qm_staff)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert not Actor.objects.exists()
    assert "Liegt nicht im Gebiet." in mail.outbox[-1].body


def test_unconfirmed_suggestion_cannot_be_approved_but_can_be_discarded(qm_staff):
    suggestion = SuggestionFactory()
    with pytest.raises(ValidationError):
        services.suggestion_approve(suggestion=suggestion, by=qm_staff)
    assert not Actor.objects.exists()
    services.suggestion_reject(suggestion=suggestion, by=qm_staff)
    assert not mail.outbox  # an unconfirmed address gets no mail


def test_approved_suggestion_cannot_be_approved_twice(qm_staff):
    suggestion = confirmed(SuggestionFactory())
    services.suggestion_approve(suggestion=suggestion, by=qm_staff)
    with pytest.raises(ValidationError):
        services.suggestion_approve(suggestion=suggestion, by=qm_staff)
    assert Actor.objects.count() == 1


def test_expired_or_forged_tokens_find_nothing(settings):
    suggestion = SuggestionFactory()
    token = services.suggestion_token(suggestion)
    assert services.suggestion_from_token(token) == suggestion
    assert services.suggestion_from_token(token + "x") is None
    from django.core import signing

    assert services.suggestion_from_token(signing.dumps(suggestion.pk, salt="other")) is None


def test_admin_moderation_actions(client, qm_staff):
    new = confirmed(SuggestionFactory(name="Neue Initiative"))
    spam = confirmed(SuggestionFactory(name="Werbung"))
    client.force_login(qm_staff)
    url = reverse("admin:network_suggestion_changelist")
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:network_suggestion_change", args=[new.pk])).status_code == 200
    client.post(url, {"action": "approve", "_selected_action": [new.pk]})
    client.post(url, {"action": "reject", "_selected_action": [spam.pk]})
    new.refresh_from_db()
    spam.refresh_from_db()
    assert new.status == SuggestionStatus.APPROVED and new.actor.name == "Neue Initiative"
    assert spam.status == SuggestionStatus.REJECTED


def test_admin_correction_page_shows_the_changes(client, qm_staff):
    actor = ActorFactory(opening_hours="Di–Fr")
    suggestion = SuggestionFactory(kind=Suggestion.Kind.CORRECTION, actor=actor, original=actor_snapshot(actor),
                                   opening_hours="Di–Sa")  # fmt: skip
    client.force_login(qm_staff)
    body = client.get(reverse("admin:network_suggestion_change", args=[suggestion.pk])).content.decode()
    assert "Di–Fr" in body and "Di–Sa" in body


def test_admin_csv_export(client, qm_staff):
    ActorFactory(name="Kita Sonnenblume", kind=Actor.Kind.KINDERGARTEN, languages=["de", "tr"])
    ActorFactory(name="Bäckerei Yıldız; Filiale", kind=Actor.Kind.BUSINESS)
    client.force_login(qm_staff)
    url = reverse("admin:network_actor_changelist")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"action": "export_actors_csv", "_selected_action": list(Actor.objects.values_list("pk", flat=True))}
    )
    assert response["Content-Type"].startswith("text/csv")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    assert rows[1][0] == "Bäckerei Yıldız; Filiale"
    assert rows[2][0] == "Kita Sonnenblume" and "Türkisch" in rows[2][8]


def test_admin_change_form_saves_edits_then_approves(client, qm_staff):
    suggestion = confirmed(SuggestionFactory(name="Repair Cafe", kind_of_actor="initiative"))
    client.force_login(qm_staff)
    url = reverse("admin:network_suggestion_change", args=[suggestion.pk])
    page = client.get(url)
    assert 'name="_approve"' in page.content.decode()
    response = client.post(
        url,
        {"name": "Repair-Café Spreekiez", "kind_of_actor": "initiative", "step_free": "yes",
         "suggester_email": suggestion.suggester_email, "moderator_comment": "Danke!", "_approve": "1",
         "status_changes-TOTAL_FORMS": "1", "status_changes-INITIAL_FORMS": "1", "status_changes-MIN_NUM_FORMS": "0",
         "status_changes-MAX_NUM_FORMS": "1000", "status_changes-0-id": suggestion.status_changes.get().pk,
         "status_changes-0-suggestion": suggestion.pk,
         "edit_version": page.context["adminform"].form["edit_version"].value()},
    )  # fmt: skip
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.APPROVED
    assert suggestion.actor.name == "Repair-Café Spreekiez"
    assert "Danke!" in mail.outbox[-1].body
    assert 'name="_approve"' not in client.get(url).content.decode()
