from django.conf import settings
from django.db import transaction

from apps.core.links import reverse_absolute
from apps.core.mail import queue_mail

from .models import AccessibilityFeedback, AccessibilityStatement, SiteSettings


@transaction.atomic
def accessibility_feedback_submit(*, feedback: AccessibilityFeedback) -> AccessibilityFeedback:
    """Store a reported barrier with the day its answer is due (the statement's deadline) and
    mail it to the office (in German, Reply-To the sender when they gave an address)."""
    statement = AccessibilityStatement.load()
    feedback.due_on = statement.due_date(feedback.created_at)
    feedback.save()
    site = SiteSettings.load()
    if site.email:
        queue_mail(
            to=site.email,
            template="pages/email/accessibility_feedback",
            context={
                "feedback": feedback,
                "link": reverse_absolute("admin:pages_accessibilityfeedback_change", feedback.pk),
            },
            reply_to=feedback.email or None,
            language=settings.LANGUAGE_CODE,  # the office's language, not the sender's
        )
    return feedback
