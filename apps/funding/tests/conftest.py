import pytest
from django.core.files.storage import storages

from apps.funding.models import Attachment


@pytest.fixture(autouse=True)
def _private_storage_in_tmp(_test_settings):
    """FileField calls its storage callable once at import; point it at the test's private storage
    (the root conftest moves "private" to a temporary folder) so tests never write into var/."""
    field = Attachment._meta.get_field("file")
    original = field.storage
    field.storage = storages["private"]
    yield
    field.storage = original
