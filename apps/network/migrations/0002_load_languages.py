"""The languages most often spoken in Berlin's QM areas, so the directory filter works from the start."""

from django.db import migrations

LANGUAGES = [
    # code, German name, English name, native name
    ("de", "Deutsch", "German", "Deutsch"),
    ("en", "Englisch", "English", "English"),
    ("tr", "Türkisch", "Turkish", "Türkçe"),
    ("ar", "Arabisch", "Arabic", "العربية"),
    ("pl", "Polnisch", "Polish", "Polski"),
    ("ru", "Russisch", "Russian", "Русский"),
    ("ku", "Kurdisch", "Kurdish", "Kurdî"),
    ("fa", "Persisch (Farsi)", "Persian (Farsi)", "فارسی"),
    ("uk", "Ukrainisch", "Ukrainian", "Українська"),
    ("bg", "Bulgarisch", "Bulgarian", "Български"),
    ("ro", "Rumänisch", "Romanian", "Română"),
    ("hbs", "Bosnisch, Kroatisch, Serbisch", "Bosnian, Croatian, Serbian", "Bosanski, Hrvatski, Srpski"),
    ("vi", "Vietnamesisch", "Vietnamese", "Tiếng Việt"),
    ("fr", "Französisch", "French", "Français"),
    ("es", "Spanisch", "Spanish", "Español"),
    ("gsg", "Deutsche Gebärdensprache", "German Sign Language", ""),
]


def load_languages(apps, schema_editor):
    Language = apps.get_model("network", "Language")
    for order, (code, name, name_en, native_name) in enumerate(LANGUAGES, start=1):
        Language.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "native_name": native_name, "order": order}
        )


def unload_languages(apps, schema_editor):
    apps.get_model("network", "Language").objects.filter(code__in=[row[0] for row in LANGUAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(load_languages, unload_languages)]
