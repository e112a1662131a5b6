from tests.access import OK, REDIRECT, ROLES, Case


def _private_photo():
    from django.core.files.base import ContentFile

    from apps.core.tests.corpus import png
    from apps.ideas.tests.factories import IdeaFactory

    idea = IdeaFactory(photo=ContentFile(png(), name="p.png"), photo_alt="Foto")
    return {"token": idea.photo.url.rstrip("/").rsplit("/", 1)[1]}


CASES = [
    # Staff only (the admin's login for everyone else); the permission is checked per model.
    Case("core:private_file", {**dict.fromkeys(ROLES, REDIRECT), "staff": OK}, kwargs=_private_photo),
]
