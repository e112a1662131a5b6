"""Restore a backup folder written by ``manage.py backup`` into this deployment."""

import shutil
import subprocess
import tarfile
from pathlib import Path

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from .backup import media_roots, pg_environment


class Command(BaseCommand):
    help = (
        "Replace the database and both media roots with a backup (pg_restore --clean --if-exists "
        "in one transaction), then empty the default cache: no page, session or total from before "
        "the restore is served again. Stop the worker first; the web instances may keep running."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="a folder written by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, backup, yes, **options):
        source = Path(backup)
        dump = source / "database.dump"
        if not dump.is_file():
            raise CommandError(f"{dump} not found")
        database = connection.settings_dict["NAME"]
        if not yes and input(f"Replace database {database!r} and all uploads with {source}? [y/N] ") != "y":
            raise CommandError("cancelled")
        connection.close()
        result = subprocess.run(  # noqa: S603 - fixed program, our own arguments
            [  # noqa: S607
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={database}",
                str(dump),
            ],
            env=pg_environment(),
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"pg_restore failed (nothing was changed): {result.stderr.strip()}")
        for name, root in media_roots().items():
            archive_path = source / f"{name}.tar"
            if not archive_path.is_file():
                self.stderr.write(f"{archive_path} not found: {root} left as it is")
                continue
            # Empty the folder and unpack into it: it keeps its owner, group and mode (nginx reads it).
            root.mkdir(parents=True, exist_ok=True)
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
            with tarfile.open(archive_path) as archive:
                members = [member for member in archive.getmembers() if member.name not in (".", "./")]
                archive.extractall(root, members=members, filter="data")
        # Pages, cached sessions, list totals and the page cache's data version: all from before.
        caches["default"].clear()
        self.stdout.write(self.style.SUCCESS(f"Restored {source} into {database}; the cache is empty."))
