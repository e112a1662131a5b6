"""Backup and restore (manage.py backup / restore): a round trip gives back every row of every
table and every file of both media roots, and no cached page from before the restore."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.db import connection

from apps.pages.models import NewsPost
from apps.pages.tests.factories import NewsPostFactory

pytestmark = pytest.mark.django_db(transaction=True)


def database_snapshot() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of the rows' text of every table."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {quoted} t"  # noqa: S608
            )
            snapshot[table] = cursor.fetchone()
    return snapshot


def files_snapshot() -> dict[str, str]:
    snapshot = {}
    for alias in ("default", "private"):
        root = Path(storages[alias].location)
        for path in sorted(root.rglob("*")):
            if path.is_file():
                snapshot[f"{alias}/{path.relative_to(root)}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return snapshot


def test_backup_and_restore_give_back_every_row_and_file(make_user, tmp_path):
    make_user("staff")
    make_user("resident")
    NewsPostFactory.create_batch(3)
    default_storage.save("slides/sommerfest.jpg", ContentFile(b"\xff\xd8 public picture"))
    storages["private"].save("council/minutes/protokoll.pdf", ContentFile(b"%PDF-1.4 internal minutes"))
    rows, files = database_snapshot(), files_snapshot()
    assert rows["pages_newspost"][0] == 3 and len(files) == 2

    output = StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=output)
    backup = Path(output.getvalue().strip())
    assert {path.name for path in backup.iterdir()} == {"database.dump", "media.tar", "private.tar", "backup.json"}

    # Life goes on after the backup: rows and files change, pages are cached.
    NewsPost.objects.all().delete()
    make_user("resident")
    default_storage.delete("slides/sommerfest.jpg")
    default_storage.save("slides/neu.jpg", ContentFile(b"\xff\xd8 new picture"))
    with storages["private"].open("council/minutes/protokoll.pdf", "wb") as file:
        file.write(b"%PDF-1.4 changed")
    cache.set("page:from-before-the-restore", "stale")
    assert database_snapshot() != rows and files_snapshot() != files

    call_command("restore", str(backup), "--yes", stdout=StringIO())

    assert database_snapshot() == rows
    assert files_snapshot() == files
    assert cache.get("page:from-before-the-restore") is None


def test_restore_refuses_a_folder_without_a_dump(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="database.dump"):
        call_command("restore", str(tmp_path), "--yes")
