"""The cross-app access matrix: every URL name x every role -> expected outcome.

Each app lists its URLs in ``apps/<app>/tests/access.py`` as ``CASES``; tests/test_access_matrix.py
collects them and fails for any URL name that no case covers.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "resident", "provider", "council", "juror", "staff")

OK = 200
LOGIN = "login"  # redirect to the login page
REDIRECT = "redirect"  # any other redirect
FORBIDDEN = 403
NOT_FOUND = 404

PUBLIC = dict.fromkeys(ROLES, OK)


def only(*roles: str, denied=FORBIDDEN, staff=None) -> dict:
    """Expectations for a page only ``roles`` may see: anonymous users are sent to the login,
    other logged-in roles get ``denied``; ``staff`` overrides the QM team's outcome."""
    expect = {role: (OK if role in roles else denied) for role in ROLES}
    expect["anonymous"] = LOGIN
    if staff is not None:
        expect["staff"] = staff
    return expect


def logged_in(status=OK) -> dict:
    """Any logged-in user gets ``status``; anonymous users are sent to the login page."""
    return {role: (LOGIN if role == "anonymous" else status) for role in ROLES}


@dataclass
class Case:
    url_name: str
    expect: dict
    kwargs: Callable[[], dict] | None = None  # builds the objects the URL needs
    query: str = ""
    label: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.label or self.url_name
