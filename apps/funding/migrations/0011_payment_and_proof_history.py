"""Payment requests and proofs of use get their own history (apps.core.workflow): the rows that
exist already get theirs from what they recorded, who requested or submitted them and when, and
who decided or checked them, when and why. The application history is kept as it is."""

from django.db import migrations


def write_history(apps, schema_editor):
    PaymentRequest, PaymentStatusChange = (
        apps.get_model("funding", n) for n in ("PaymentRequest", "PaymentStatusChange")
    )
    ProofOfUse, ProofStatusChange = (apps.get_model("funding", n) for n in ("ProofOfUse", "ProofStatusChange"))
    rows = []
    for payment in PaymentRequest.objects.order_by("pk"):
        rows.append(PaymentStatusChange(payment=payment, from_status="", to_status="requested",
                                        by_id=payment.requested_by_id, at=payment.created_at, comment=""))  # fmt: skip
        if payment.status != "requested":
            rows.append(PaymentStatusChange(payment=payment, from_status="requested", to_status=payment.status,
                                            by_id=payment.decided_by_id, at=payment.decided_at or payment.created_at,
                                            comment=payment.comment))  # fmt: skip
    PaymentStatusChange.objects.bulk_create(rows, batch_size=1000)
    rows = []
    for proof in ProofOfUse.objects.order_by("pk"):
        rows.append(ProofStatusChange(proof=proof, from_status="", to_status="submitted",
                                      by_id=proof.submitted_by_id, at=proof.submitted_at, comment=""))  # fmt: skip
        if proof.status != "submitted":
            rows.append(ProofStatusChange(proof=proof, from_status="submitted", to_status=proof.status,
                                          by_id=proof.checked_by_id, at=proof.checked_at or proof.submitted_at,
                                          comment=proof.check_comment))  # fmt: skip
    ProofStatusChange.objects.bulk_create(rows, batch_size=1000)


def remove_history(apps, schema_editor):
    apps.get_model("funding", "PaymentStatusChange").objects.all().delete()
    apps.get_model("funding", "ProofStatusChange").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0010_status_history_core")]

    operations = [migrations.RunPython(write_history, remove_history)]
