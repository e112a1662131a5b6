from django import forms
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _

from .models import DecisionResult, Meeting, Term


class TermField(forms.TypedChoiceField):
    """The terms as a ModelChoiceField offers them (newest first, by name), from plain rows read
    in one query instead of a cursor over model instances and a second query for the chosen one;
    cleaned to the term's id. A value is valid when it is a term's id as an integer, as for a
    ModelChoiceField, with its error message."""

    default_error_messages = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return str(int(value)) if value not in self.empty_values else value
        except (TypeError, ValueError):
            return value


class DecisionFilterForm(forms.Form):
    """Filters of the public decision list; every field optional, bad values become field errors."""

    term = TermField(label=_("Term"), required=False, empty_value=None)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    result = forms.ChoiceField(label=_("Result"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        terms = Term.objects.order_by("-starts_on").values_list("pk", "name")
        self.fields["term"].choices = [("", _("All terms")), *terms]
        years = meeting_years()
        self.fields["year"].choices = [("", _("All years")), *[(year, str(year)) for year in years]]
        self.fields["result"].choices = [("", _("All results")), *DecisionResult.choices]


# The distinct years (local time) of the meetings, newest first, by a loose index scan: each step
# reads the latest meeting before the year found last along the index on ``starts_at``, so the
# query costs one index probe per year instead of a pass over every meeting (PostgreSQL; on
# SQLite, the demo database of `make run`, Django's datetimes()). The table name is quoted, as the
# page cache finds the tables a statement reads by ``FROM "table"``.
MEETING_YEARS_SQL = """
WITH RECURSIVE years(year) AS (
    SELECT EXTRACT(YEAR FROM MAX(starts_at) AT TIME ZONE %(zone)s)::int FROM "council_meeting"
    UNION ALL
    SELECT (
        SELECT EXTRACT(YEAR FROM MAX(starts_at) AT TIME ZONE %(zone)s)::int FROM "council_meeting"
        WHERE starts_at < make_timestamptz(years.year, 1, 1, 0, 0, 0, %(zone)s)
    )
    FROM years WHERE years.year IS NOT NULL
)
SELECT year FROM years WHERE year IS NOT NULL ORDER BY year DESC
"""


def meeting_years() -> list[int]:
    """The years in which meetings take place (in the portal's time zone), newest first."""
    if connection.vendor != "postgresql":
        return [moment.year for moment in Meeting.objects.datetimes("starts_at", "year", order="DESC")]
    with connection.cursor() as cursor:
        cursor.execute(MEETING_YEARS_SQL, {"zone": settings.TIME_ZONE})
        return [year for (year,) in cursor.fetchall()]
