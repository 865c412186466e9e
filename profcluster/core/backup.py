"""Backup and restore of the database and the uploaded files, checked by a manifest of record counts.

SQLite is copied with SQLite's own online-backup API (a consistent copy of a live file); PostgreSQL with
pg_dump/pg_restore in the custom format. Uploaded files (MEDIA_ROOT) travel as a tar archive beside it.
"""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

MANIFEST = "manifest.json"


def record_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _postgres_args() -> list[str]:
    params = connection.settings_dict
    args = [
        "-h",
        params.get("HOST") or "127.0.0.1",
        "-p",
        str(params.get("PORT") or 5432),
        "-U",
        params["USER"],
    ]
    return args


def backup(target: Path) -> dict:
    target.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target / "db.sqlite3") as copy:
            connection.connection.backup(copy)
    elif connection.vendor == "postgresql":
        subprocess.run(
            [
                "pg_dump",
                *_postgres_args(),
                "-Fc",
                "-f",
                str(target / "db.dump"),
                connection.settings_dict["NAME"],
            ],
            check=True,
        )
    else:
        raise RuntimeError(f"no backup for {connection.vendor}")
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname="media")
    manifest = {"vendor": connection.vendor, "counts": record_counts(), "files": _checksums(target)}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    return manifest


def restore(source: Path) -> dict:
    manifest = json.loads((source / MANIFEST).read_text())
    if manifest["files"] != _checksums(source):
        raise RuntimeError("the backup's files do not match its manifest")
    if manifest["vendor"] != connection.vendor:
        raise RuntimeError(f"a {manifest['vendor']} backup cannot be restored into {connection.vendor}")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source / "db.sqlite3") as copy:
            copy.backup(connection.connection)
    else:
        connection.close()  # pg_restore needs the tables free
        subprocess.run(
            [
                "pg_restore",
                *_postgres_args(),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                connection.settings_dict["NAME"],
                str(source / "db.dump"),
            ],
            check=True,
        )
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    with tarfile.open(source / "media.tar.gz") as archive:
        archive.extractall(
            media.parent, filter="data"
        )  # "data" refuses absolute paths and links out of the tree
        extracted = media.parent / "media"
        if extracted != media and extracted.exists():
            extracted.rename(media)
    counts = record_counts()
    if counts != manifest["counts"]:
        differ = {
            k: (manifest["counts"].get(k), counts.get(k))
            for k in set(counts) | set(manifest["counts"])
            if counts.get(k) != manifest["counts"].get(k)
        }
        raise RuntimeError(f"record counts differ after restore: {differ}")
    return manifest


def _checksums(folder: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.name != MANIFEST and path.is_file()
    }
