from apps.core.signing import make_token
from apps.funding.models import STATUS_LINK
from tests.access import LOGIN, NOT_FOUND, OK, PUBLIC, Case, logged_in, only

from .factories import (
    ApplicationFactory,
    AttachmentFactory,
    CallFactory,
    GrantNoticeFactory,
    OfficeEntryApplicationFactory,
    ProofOfUseFactory,
)

# Another provider's application: the logged-in provider gets 404 (scoped queryset).
OWNER_ONLY = only("provider", staff=403) | {"provider": NOT_FOUND}
# Grant notices and proofs of use: the provider of the project (another provider: 404) and the QM team.
GRANT_DOCUMENT = {"anonymous": LOGIN, "resident": NOT_FOUND, "provider": NOT_FOUND, "council": NOT_FOUND,
                  "juror": NOT_FOUND, "staff": OK}  # fmt: skip


def _app(status="draft"):
    return lambda: {"pk": ApplicationFactory.in_status(status).pk}


def _project():
    return {"pk": ApplicationFactory.in_status("approved").pk}


CASES = [
    Case("funding:call_list", PUBLIC),
    Case("funding:call_detail", PUBLIC, kwargs=lambda: {"slug": CallFactory().slug}),
    Case("funding:project_list", PUBLIC),
    Case("funding:project_detail", PUBLIC, kwargs=_project),
    Case("funding:provider_register", logged_in()),
    Case("funding:application_list", only("provider", staff=403)),
    Case("funding:application_create", only("provider", staff=403), kwargs=lambda: {"slug": CallFactory().slug}),
    Case("funding:application_detail", OWNER_ONLY, kwargs=_app()),
    Case("funding:application_edit", OWNER_ONLY, kwargs=_app()),
    Case("funding:application_submit", OWNER_ONLY, kwargs=_app()),
    Case("funding:application_answer", OWNER_ONLY, kwargs=_app("changes_requested")),
    Case("funding:application_withdraw", OWNER_ONLY, kwargs=_app()),
    Case("funding:attachment_create", OWNER_ONLY, kwargs=_app()),
    Case("funding:payment_request_create", OWNER_ONLY, kwargs=lambda: {"pk": GrantNoticeFactory().application_id}),
    Case("funding:proof_create", OWNER_ONLY, kwargs=_app("running")),
    Case(
        "funding:grant_notice_download",
        {**GRANT_DOCUMENT, "provider": NOT_FOUND},
        kwargs=lambda: {"pk": GrantNoticeFactory().pk},
    ),
    Case(
        "funding:proof_download",
        {**GRANT_DOCUMENT, "provider": NOT_FOUND},
        kwargs=lambda: {"pk": ProofOfUseFactory().pk, "part": "nachweis"},
    ),
    Case("funding:attachment_delete", OWNER_ONLY, kwargs=lambda: {"pk": AttachmentFactory().pk}),
    # An application the office entered: its status page by the signed link, its letter for the QM team.
    Case(
        "funding:status", PUBLIC, kwargs=lambda: {"token": make_token(STATUS_LINK, OfficeEntryApplicationFactory().pk)}
    ),
    Case("funding:status_letter", only("staff"), kwargs=lambda: {"pk": OfficeEntryApplicationFactory().pk}),
    Case("funding:council_list", only("council", staff=OK)),
    Case("funding:council_detail", only("council", staff=OK), kwargs=_app("council")),
    Case(
        "funding:attachment_download",
        {
            "anonymous": LOGIN,
            "resident": NOT_FOUND,
            "provider": NOT_FOUND,
            "council": OK,
            "juror": NOT_FOUND,
            "staff": OK,
        },
        kwargs=lambda: {"pk": AttachmentFactory(application=ApplicationFactory.in_status("council")).pk},
        label="funding:attachment_download (presented to the council)",
    ),
    Case(
        "funding:attachment_download",
        {
            "anonymous": LOGIN,
            "resident": NOT_FOUND,
            "provider": NOT_FOUND,
            "council": NOT_FOUND,
            "juror": NOT_FOUND,
            "staff": OK,
        },
        kwargs=lambda: {"pk": AttachmentFactory().pk},
        label="funding:attachment_download (draft)",
    ),
]
