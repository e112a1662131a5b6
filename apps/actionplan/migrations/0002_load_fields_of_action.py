"""The official fields of action of "Sozialer Zusammenhalt" (since 2021), and the fields of
concepts before 2021 as inactive entries for historical records."""

from django.db import migrations

FIELDS = [
    # name, slug, description, order, active, colour
    ("Integration und Nachbarschaft", "integration-und-nachbarschaft",
     "Zusammenleben, nachbarschaftliche Netzwerke, Teilhabe aller Bewohnerinnen und Bewohner.", 1, True, "#7b3f9e"),
    ("Bildung", "bildung",
     "Bildung von der Kita bis zum Übergang in den Beruf, lebenslanges Lernen.", 2, True, "#1f5f8b"),
    ("Öffentlicher Raum", "oeffentlicher-raum",
     "Plätze, Grün- und Spielflächen, Sauberkeit und Sicherheit im Wohnumfeld.", 3, True, "#2e7d32"),
    ("Gesundheit und Bewegung", "gesundheit-und-bewegung",
     "Gesundheitsförderung, Sport und Bewegung für alle Altersgruppen.", 4, True, "#c2185b"),
    ("Beteiligung, Vernetzung und Kooperation", "beteiligung-vernetzung-kooperation",
     "Mitwirkung der Bewohnerschaft, Zusammenarbeit der lokalen Akteure und der Verwaltung.", 5, True, "#ad5700"),
    ("Bildung, Ausbildung, Jugend", "bildung-ausbildung-jugend",
     "Handlungsfeld der Konzepte vor 2021.", 11, False, "#546e7a"),
    ("Arbeit und Wirtschaft", "arbeit-und-wirtschaft",
     "Handlungsfeld der Konzepte vor 2021.", 12, False, "#546e7a"),
    ("Nachbarschaft (Gemeinwesen, Kultur, Integration, Gesundheit)", "nachbarschaft",
     "Handlungsfeld der Konzepte vor 2021.", 13, False, "#546e7a"),
    ("Öffentlicher Raum (bis 2020)", "oeffentlicher-raum-bis-2020",
     "Handlungsfeld der Konzepte vor 2021.", 14, False, "#546e7a"),
    ("Beteiligung, Vernetzung und Einbindung der Partner", "beteiligung-vernetzung-einbindung",
     "Handlungsfeld der Konzepte vor 2021.", 15, False, "#546e7a"),
]  # fmt: skip


def load_fields(apps, schema_editor):
    FieldOfAction = apps.get_model("actionplan", "FieldOfAction")
    for name, slug, description, order, active, colour in FIELDS:
        FieldOfAction.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "order": order, "is_active": active, "colour": colour},
        )


def unload_fields(apps, schema_editor):
    apps.get_model("actionplan", "FieldOfAction").objects.filter(slug__in=[f[1] for f in FIELDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0001_initial")]

    operations = [migrations.RunPython(load_fields, unload_fields)]
