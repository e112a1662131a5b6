"""The one site settings row, so that no request has to create it (SiteSettings.load())."""

from django.db import migrations


def create_site_settings(apps, schema_editor):
    apps.get_model("pages", "SiteSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_newspost_published_index"),
    ]

    operations = [
        migrations.RunPython(create_site_settings, migrations.RunPython.noop),
    ]
