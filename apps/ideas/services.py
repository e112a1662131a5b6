"""Writes that touch several rows or send mail: submitting, confirming, status changes,
forwarding, supports and comments."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.core.links import absolute_url, reverse_absolute
from apps.core.mail import queue_mail
from apps.core.signing import make_token, max_age_days, read_token
from apps.core.workflow import transition

from .models import Comment, Idea, IdeaStatus, Office, StatusChange, Support

CONFIRM_PURPOSE = "ideas.confirm"  # settings.SIGNED_LINK_MAX_AGE (IDEAS_CONFIRMATION_DAYS)


def confirmation_days() -> int:
    return max_age_days(CONFIRM_PURPOSE)


def confirmation_token(idea: Idea) -> str:
    return make_token(CONFIRM_PURPOSE, {"idea": idea.pk, "email": idea.email})


def idea_from_token(token: str) -> Idea:
    """The unconfirmed entry a confirmation link is for.

    Raises ``signing.SignatureExpired`` for links older than the confirmation period,
    ``signing.BadSignature`` for tampered links and ``Idea.DoesNotExist`` when the entry is
    gone or already confirmed."""
    data = read_token(CONFIRM_PURPOSE, token)
    return Idea.objects.get(pk=data["idea"], email=data["email"], status=IdeaStatus.UNCONFIRMED)


def _mail(
    template: str, context: dict, recipients: list[str], language: str | None = None, *, kind=None, about=None
) -> None:
    queue_mail(
        to=recipients, template=f"ideas/email/{template}", context=context, language=language, kind=kind, about=about
    )


@transaction.atomic
def idea_submit(*, idea: Idea, user, request=None) -> Idea:
    """Save a new entry from the submission form.

    Logged-in users skip the e-mail step (the entry goes straight to moderation); everyone
    else gets a signed confirmation link by e-mail."""
    idea.privacy_consent_at = timezone.now()
    idea.status = IdeaStatus.UNCONFIRMED
    if user.is_authenticated:
        idea.submitter = user
        idea.email = user.email
    idea.save()
    if user.is_authenticated:
        transition(idea, IdeaStatus.NEW, by=user)
    else:
        link = reverse_absolute("ideas:confirm", token=confirmation_token(idea))
        _mail("confirm", {"idea": idea, "link": link, "days": confirmation_days()}, [idea.email])
    return idea


@transaction.atomic
def idea_confirm(*, idea: Idea) -> StatusChange:
    """The submitter clicked the link: the entry enters the moderation queue."""
    return transition(idea, IdeaStatus.NEW, by=None)


@transaction.atomic
def idea_change_status(
    *, idea: Idea, to: str, by, answer: str = "", linked_record: str = "", links: dict | None = None, request=None
) -> StatusChange:
    """Change the status through the workflow (``models.WORKFLOW``), which tells the submitter:
    on every public change, and with the reason when the entry is rejected.

    ``links`` are foreign keys of the history row to the application that takes an idea up;
    without an explicit ``linked_record`` the linked object's text is kept as a snapshot."""
    links = {name: value for name, value in (links or {}).items() if value is not None}
    if links and not linked_record:
        linked_record = "; ".join(str(value) for value in links.values())[:300]
    return transition(idea, to, by=by, comment=answer.strip(), record={"linked_record": linked_record, **links})


@transaction.atomic
def idea_set_hidden(*, idea: Idea, hidden: bool) -> None:
    idea.is_hidden = hidden
    idea.save(update_fields=["is_hidden"])


@transaction.atomic
def concern_forward(*, idea: Idea, office: Office, message: str = "", by=None, request=None) -> None:
    """Forward a concern to an office (Fachabteilung) by e-mail; the date is shown publicly."""
    if idea.kind != Idea.Kind.CONCERN:
        raise ValueError("Only concerns can be forwarded to an office.")
    idea.office = office
    idea.forwarded_at = timezone.now()
    idea.save(update_fields=["office", "forwarded_at"])
    context = {"idea": idea, "office": office, "message": message, "link": absolute_url(idea)}
    _mail("forwarded", context, [office.email], language=settings.LANGUAGE_CODE)  # the office writes German


def concern_answer_published(*, idea: Idea) -> None:
    """The office's answer to a concern was recorded: tell the submitter where to read it."""
    if idea.email:
        context = {"idea": idea, "link": absolute_url(idea)}
        _mail("answered", context, [idea.email], kind="idea_status", about=f"ideas.idea:{idea.pk}:answer")


def support_toggle(*, idea: Idea, user) -> bool:
    """Support the entry, or withdraw the support; returns whether the user now supports it."""
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
        if deleted:
            Idea.objects.filter(pk=idea.pk, support_count__gt=0).update(support_count=F("support_count") - 1)
            return False
        try:
            with transaction.atomic():
                Support.objects.create(idea=idea, user=user)
        except IntegrityError:  # a parallel request was faster
            return True
        Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
        return True


def comment_is_trusted(user) -> bool:
    """QM team comments are published at once; everyone else's after moderation."""
    return user.is_staff


@transaction.atomic
def comment_add(*, idea: Idea, author, text: str) -> Comment:
    status = Comment.Status.APPROVED if comment_is_trusted(author) else Comment.Status.PENDING
    return Comment.objects.create(idea=idea, author=author, text=text.strip(), status=status)


def unconfirmed_purge(*, now=None) -> int:
    """Delete unconfirmed entries whose confirmation period has run out (with their photos)."""
    count = 0
    for idea in Idea.objects.expired_unconfirmed(now=now).only("pk", "photo"):
        if idea.photo:
            idea.photo.delete(save=False)
        idea.delete()
        count += 1
    return count
