"""Backup and restore round-trip the demo data on a real database file, verified by counts and checksums."""

import os
import subprocess
import sys


def run(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "-m", "profcluster", *args], env=env, capture_output=True, text=True, check=check
    )


def test_it_round_trips_the_demo_data_and_refuses_an_altered_backup(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "profcluster.settings",
    }
    (tmp_path / "media" / "staff").mkdir(parents=True)
    (tmp_path / "media" / "staff" / "scan.pdf").write_bytes(b"%PDF-1.4 scan")
    run(env, "migrate", "-v", "0")
    run(env, "load_demo")
    run(env, "backup", str(tmp_path / "backup"))
    run(env, "shell", "-c", "from profcluster.finance.models import Payment; Payment.objects.all().delete()")
    (tmp_path / "media" / "staff" / "scan.pdf").unlink()
    restored = run(env, "restore", str(tmp_path / "backup"), "--yes")
    assert "verified" in restored.stdout
    counted = run(
        env, "shell", "-c", "from profcluster.finance.models import Payment; print(Payment.objects.count())"
    )
    assert int(counted.stdout.strip().splitlines()[-1]) == 5
    assert (tmp_path / "media" / "staff" / "scan.pdf").read_bytes() == b"%PDF-1.4 scan"

    with open(tmp_path / "backup" / "db.sqlite3", "ab") as file:
        file.write(b"tampered")
    result = run(env, "restore", str(tmp_path / "backup"), "--yes", check=False)
    assert result.returncode != 0 and "manifest" in result.stderr
