"""Back up the database and both media roots into one folder."""

import json
import os
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def pg_environment() -> dict[str, str]:
    """libpq's environment for the default database (as Django connects to it)."""
    config = connection.settings_dict
    values = {
        "PGDATABASE": config["NAME"],
        "PGHOST": config.get("HOST") or "",
        "PGPORT": str(config.get("PORT") or ""),
        "PGUSER": config.get("USER") or "",
        "PGPASSWORD": config.get("PASSWORD") or "",
    }
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def media_roots() -> dict[str, Path]:
    """The folders of the public ("media") and private file storages that live on this disk.

    A storage elsewhere (S3 through django-storages) is left out: back up its bucket with the
    provider's tools (versioning)."""
    roots = {}
    for name, alias in (("media", "default"), ("private", "private")):
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            roots[name] = Path(storage.location)
    return roots


class Command(BaseCommand):
    help = (
        "Write a backup folder: database.dump (pg_dump --format=custom), media.tar and private.tar "
        "(MEDIA_ROOT and PRIVATE_MEDIA_ROOT) and backup.json. Keep SECRET_KEY with it (not in it): "
        "signed links already mailed and password reset links only work with the same key."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="where to create the backup folder (kiezportal-YYYYMMDD-HHMMSS)")

    def handle(self, *args, directory, **options):
        if connection.vendor != "postgresql":
            raise CommandError("backup needs PostgreSQL (DATABASE_URL)")
        target = Path(directory) / f"kiezportal-{datetime.now():%Y%m%d-%H%M%S}"
        target.mkdir(parents=True, mode=0o700)
        dump = target / "database.dump"
        result = subprocess.run(  # noqa: S603 - fixed program, our own arguments
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={dump}"],  # noqa: S607
            env=pg_environment(),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        files = {}
        for name, root in media_roots().items():
            with tarfile.open(target / f"{name}.tar", "w") as archive:
                if root.is_dir():
                    archive.add(root, arcname=".")
            files[name] = sum(1 for path in root.rglob("*") if path.is_file()) if root.is_dir() else 0
        manifest = {"created": datetime.now().isoformat(), "database": connection.settings_dict["NAME"], "files": files}
        (target / "backup.json").write_text(json.dumps(manifest) + "\n")
        self.stdout.write(str(target))
