"""The privacy page (/seiten/datenschutz/) with the default notice, if the office has none yet."""

from django.db import migrations

from apps.pages.legal import PRIVACY_NOTICE


def create_privacy_page(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    if not Page.objects.filter(slug="datenschutz").exists():
        Page.objects.create(
            slug="datenschutz", title="Datenschutzerklärung", title_de="Datenschutzerklärung",
            body=PRIVACY_NOTICE, body_de=PRIVACY_NOTICE, menu="footer", order=2,
        )  # fmt: skip


def remove_untouched_privacy_page(apps, schema_editor):
    apps.get_model("pages", "Page").objects.filter(slug="datenschutz", body=PRIVACY_NOTICE).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0005_content_translations")]

    operations = [migrations.RunPython(create_privacy_page, remove_untouched_privacy_page)]
