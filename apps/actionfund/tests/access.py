from tests.access import NOT_FOUND, PUBLIC, Case, logged_in, only

from .factories import ApplicationFactory


def _attachment():
    from django.core.files.base import ContentFile

    from apps.actionfund.models import Attachment

    item = Attachment.objects.create(
        application=ApplicationFactory(), title="plan.pdf", file=ContentFile(b"%PDF-1.4 test", name="plan.pdf")
    )
    return {"pk": item.pk}


def _receipt():
    from datetime import date

    from django.core.files.base import ContentFile

    from apps.actionfund.models import ProofOfUse, Receipt

    proof = ProofOfUse.objects.create(application=ApplicationFactory(), report="Bericht")
    item = Receipt.objects.create(proof=proof, description="Farbe", paid_on=date(2026, 5, 1), amount=10,
                                  file=ContentFile(b"%PDF-1.4 test", name="beleg.pdf"))  # fmt: skip
    return {"pk": item.pk}


def _photo():
    from django.core.files.base import ContentFile

    from apps.actionfund.models import ProjectPhoto, ProofOfUse
    from apps.core.tests.corpus import jpeg

    proof = ProofOfUse.objects.create(application=ApplicationFactory(), report="Bericht")
    item = ProjectPhoto.objects.create(proof=proof, alt_text="Hof", image=ContentFile(jpeg(), name="h.jpg"))
    return {"pk": item.pk}


def _round():
    from .factories import RoundFactory

    return {"pk": RoundFactory(status="open").pk}


# Attachments, receipts and other jurors' rounds are 404 for anyone without a link or the right
# fund year (the generic users here are not jurors of the round's year; staff see everything).
NOT_FOUND_BUT_STAFF = {
    **dict.fromkeys(["anonymous", "resident", "provider", "council", "juror"], NOT_FOUND),
    "staff": 200,
}

CASES = [
    Case("actionfund:index", PUBLIC),
    Case("actionfund:apply", PUBLIC),
    Case("actionfund:sent", PUBLIC),
    Case(
        "actionfund:confirm",
        PUBLIC,
        kwargs=lambda: {"token": ApplicationFactory(status="unconfirmed").get_confirm_url().split("/")[-2]},
    ),
    Case("actionfund:status", PUBLIC, kwargs=lambda: {"token": ApplicationFactory().status_token}),
    Case(
        "actionfund:proof",
        dict.fromkeys(PUBLIC, 302),
        kwargs=lambda: {"token": ApplicationFactory().status_token},
        label="actionfund:proof (not yet paid: back to the status page)",
    ),
    Case(
        "actionfund:proof",
        PUBLIC,
        kwargs=lambda: {"token": ApplicationFactory(status="paid", granted_amount=500).status_token},
        label="actionfund:proof (paid)",
    ),
    Case("actionfund:my_applications", logged_in()),
    Case("actionfund:attachment", NOT_FOUND_BUT_STAFF, kwargs=_attachment),
    Case("actionfund:receipt", NOT_FOUND_BUT_STAFF, kwargs=_receipt),
    Case("actionfund:photo", NOT_FOUND_BUT_STAFF, kwargs=_photo, label="actionfund:photo (not released)"),
    Case("actionfund:jury", only("juror")),
    Case(
        "actionfund:jury_round",
        only("juror", staff=403) | {"juror": NOT_FOUND},
        kwargs=_round,
        label="actionfund:jury_round (juror of another year)",
    ),
    Case("actionfund:jury_vote", only("juror") | {"juror": 405}, kwargs=lambda: {"pk": ApplicationFactory().pk}),
    Case("actionfund:round_letters", only("staff"), kwargs=_round),
    Case("actionfund:status_letter", only("staff"), kwargs=lambda: {"pk": ApplicationFactory().pk}),
    Case("actionfund:round_member_list", only("staff"), kwargs=_round),
]
