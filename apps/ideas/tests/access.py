from tests.access import PUBLIC, ROLES, Case, logged_in, only

from .factories import IdeaFactory

POST_ONLY = logged_in(405)  # GET on a POST-only view: method not allowed (anonymous: login)


def _confirm_token():
    from apps.ideas.models import IdeaStatus
    from apps.ideas.services import confirmation_token

    return {"token": confirmation_token(IdeaFactory(status=IdeaStatus.UNCONFIRMED))}


def _photo(status=None):
    def build():
        from django.core.files.base import ContentFile

        from apps.core.tests.corpus import png
        from apps.ideas.models import IdeaStatus

        idea = IdeaFactory(
            status=status or IdeaStatus.PUBLISHED, photo=ContentFile(png(), name="p.png"), photo_alt="Foto"
        )
        return {"pk": idea.pk}

    return build


def _unpublished():
    from apps.ideas.models import IdeaStatus

    return {"pk": IdeaFactory(status=IdeaStatus.NEW).pk}


CASES = [
    Case("ideas:list", PUBLIC),
    Case("ideas:list", PUBLIC, query="q=Bank&kind=idea&sort=supported&status=published", label="ideas:list filtered"),
    Case("ideas:new", PUBLIC),
    Case("ideas:confirm", PUBLIC, kwargs=_confirm_token),
    Case(
        "ideas:confirm",
        dict.fromkeys(ROLES, 400),
        kwargs=lambda: {"token": "manipuliert"},
        label="ideas:confirm tampered",
    ),
    Case("ideas:detail", PUBLIC, kwargs=lambda: {"pk": IdeaFactory().pk}),
    Case(
        "ideas:detail",
        {**dict.fromkeys(ROLES, 404), "staff": 200},
        kwargs=_unpublished,
        label="ideas:detail unpublished",
    ),
    Case("ideas:photo", PUBLIC, kwargs=_photo()),
    Case("ideas:letter", only("staff"), kwargs=lambda: {"pk": IdeaFactory().pk}),
    Case(
        "ideas:photo",
        {**dict.fromkeys(ROLES, 404), "staff": 200},
        kwargs=_photo("new"),
        label="ideas:photo awaiting moderation",
    ),
    Case("ideas:support", POST_ONLY, kwargs=lambda: {"pk": IdeaFactory().pk}),
    Case("ideas:comment", POST_ONLY, kwargs=lambda: {"pk": IdeaFactory().pk}),
]
