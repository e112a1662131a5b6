import pytest


@pytest.fixture
def settings_rows(db):
    """The single settings rows exist, as on any running site (their first use creates them)."""
    from apps.council.models import CouncilSettings
    from apps.pages.models import SiteSettings

    CouncilSettings.load()
    SiteSettings.load()
