"""Progress of a field of action: what the apps that point at the fields of action have brought
to one of them. The action plan imports none of them: each contributes its own figures through a
``field_progress`` plug-in module (apps/core/plugins.py), like the home page boxes.

A plug-in is ``apps/<app>/field_progress.py`` with ``section(field, measures) -> dict | None``:
``figures`` names a template with ``<dt>``/``<dd>`` pairs for the page's figure list, ``details``
(optional) one with the app's lists below it; the rest of the dict is their context (as
``section``). Each plug-in runs a fixed number of queries (aggregates and bounded lists), so the
field page does not grow with the data.
"""

from apps.core import plugins


def field_progress(field, measures=()) -> list[dict]:
    """The sections of every app's ``field_progress`` plug-in for ``field``, in INSTALLED_APPS order."""
    return plugins.collect("field_progress", "section", field, list(measures))
