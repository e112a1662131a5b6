"""Benchmark plug-in (README "Performance"): the OParl API and the funding figures.

``generate`` links the council's bench agenda items on project funds to bench funding applications
presented to the council (OParl papers and consultations); the other apps' generators made the
rest. It runs last (INSTALLED_APPS order).
"""

import random

from django.urls import reverse
from django.utils import timezone

from apps.council.models import AgendaItem
from apps.funding.models import Application

Consultation = AgendaItem.funding_applications.through


def generate(*, scale: int, rng: random.Random, stdout) -> None:
    applications = list(Application.objects.presented_to_council().order_by("pk").values_list("pk", flat=True))
    items = list(
        AgendaItem.objects.filter(title__startswith="Projektfonds").order_by("pk").values_list("pk", flat=True)
    )
    if not applications or not items:
        stdout.write("  opendata: no applications or agenda items to link")
        return
    links = {(rng.choice(items), application) for application in applications}
    Consultation.objects.bulk_create(
        [Consultation(agendaitem_id=item, application_id=application) for item, application in sorted(links)],
        batch_size=5000,
        ignore_conflicts=True,
    )
    stdout.write(f"  opendata: {len(links)} agenda item links to funding applications (OParl consultations)")


def pages() -> list[tuple[str, str, str | None]]:
    api = reverse("oparl:system")
    last_item_page = max(1, -(-AgendaItem.objects.filter(is_confidential=False).count() // 20))
    return [
        ("OParl system", api, None),
        ("OParl body", reverse("oparl:body"), None),
        ("OParl meetings", reverse("oparl:meeting_list"), None),
        ("OParl agenda items, last page", reverse("oparl:agendaitem_list") + f"?page={last_item_page}", None),
        ("OParl papers", reverse("oparl:paper_list"), None),
        ("OParl persons", reverse("oparl:person_list"), None),
        ("Where the money went", reverse("money:overview"), None),
        ("Where the money went, one year", reverse("money:overview") + f"?jahr={timezone.localdate().year - 1}", None),
        ("Where the money went, CSV", reverse("money:csv"), None),
        ("OParl files, modified since", reverse("oparl:file_list") + "?modified_since=2020-01-01T00%3A00%3A00%2B01%3A00", None),
    ]  # fmt: skip
