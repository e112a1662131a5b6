"""Privacy plug-in (see apps/accounts/privacy.py): the person's ideas and concerns (also those sent
without an account from the same address), supports and comments. Erasure deletes them all."""

from django.db.models import F, Q

from apps.accounts.privacy import rows

from .models import Comment, Idea, Support


def _ideas(user):
    return Idea.objects.filter(Q(submitter=user) | Q(email__iexact=user.email))


def export(user) -> dict:
    return {
        "ideas and concerns": rows(_ideas(user)),
        "supports": rows(Support.objects.filter(user=user)),
        "comments": rows(Comment.objects.filter(author=user)),
    }


def uploads(user) -> list:
    return [idea.photo for idea in _ideas(user) if idea.photo]


def erase(user) -> None:
    Comment.objects.filter(author=user).delete()
    supported = list(Support.objects.filter(user=user).values_list("idea_id", flat=True))
    Support.objects.filter(user=user).delete()
    Idea.objects.filter(pk__in=supported, support_count__gt=0).update(support_count=F("support_count") - 1)
    for idea in _ideas(user):
        if idea.photo:
            idea.photo.delete(save=False)
        idea.delete()
