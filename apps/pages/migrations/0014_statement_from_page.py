from django.db import migrations

LANGUAGES = ("de", "en", "tr", "ar")


def page_to_statement(apps, schema_editor):
    """The accessibility statement used to be the content page "barrierefreiheit"; its URL now
    shows the statement. The page's text becomes the statement's introduction (in every language
    it had), and the page goes, so nothing else answers at that address."""
    Page = apps.get_model("pages", "Page")
    Statement = apps.get_model("pages", "AccessibilityStatement")
    statement, _created = Statement.objects.get_or_create(pk=1)
    page = Page.objects.filter(slug="barrierefreiheit").first()
    if page is None:
        return
    if not statement.intro:
        statement.intro = page.body
        for language in LANGUAGES:
            setattr(statement, f"intro_{language}", getattr(page, f"body_{language}"))
        statement.save()
    page.delete()


def statement_to_page(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    Statement = apps.get_model("pages", "AccessibilityStatement")
    statement = Statement.objects.filter(pk=1).first()
    if statement is None or Page.objects.filter(slug="barrierefreiheit").exists():
        return
    page = Page(slug="barrierefreiheit", title="Erklärung zur Barrierefreiheit", menu="footer", body=statement.intro)
    page.title_de = page.title
    for language in LANGUAGES:
        setattr(page, f"body_{language}", getattr(statement, f"intro_{language}"))
    page.save()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0013_accessibility_statement_feedback_sign_language"),
    ]

    operations = [migrations.RunPython(page_to_statement, statement_to_page)]
