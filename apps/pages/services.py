from django.db import transaction

from .models import AccessibilityFeedback, AccessibilityStatement


@transaction.atomic
def accessibility_feedback_submit(*, feedback: AccessibilityFeedback) -> AccessibilityFeedback:
    """Store a reported barrier with the day its answer is due (the statement's deadline). The
    office is told by the hourly office digest (apps/notifications/office.py: message, sender's
    address, due date and the admin link), at the "accessibility feedback" office addresses."""
    statement = AccessibilityStatement.load()
    feedback.due_on = statement.due_date(feedback.created_at)
    feedback.save()
    return feedback
