"""Template helpers of the kiez library that lists use on every row."""

from django.template import Context, Template
from django.utils import translation

from apps.ideas.models import Idea


def test_choice_label_shows_what_get_display_shows_in_the_current_language():
    idea = Idea(kind=Idea.Kind.CONCERN, status=Idea.Status.IN_REVIEW)
    template = Template('{% load kiez %}{{ idea|choice_label:"kind" }} / {{ idea|choice_label:"status" }}')
    for language in ("de", "en", "tr", "ar"):
        with translation.override(language):
            expected = f"{idea.get_kind_display()} / {idea.get_status_display()}"
            assert template.render(Context({"idea": idea})) == expected
    idea.status = "unknown"  # a value outside the choices is shown as it is, as Django does
    assert Template('{% load kiez %}{{ idea|choice_label:"status" }}').render(Context({"idea": idea})) == "unknown"
