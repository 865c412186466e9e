import os
import subprocess
import sys

import pytest


def import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "TIME_ZONE")}
    return subprocess.run(
        [sys.executable, "-c", "import profcluster.settings as s; print(s.TIME_ZONE)"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("key", [None, "", "short", "dev-insecure-profcluster-key-never-use-in-production"])
def test_it_refuses_to_start_in_production_without_a_real_secret_key(key):
    env = {"DEBUG": "false"} if key is None else {"DEBUG": "false", "SECRET_KEY": key}
    result = import_settings(**env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_starts_in_production_with_a_real_key_and_moscow_time():
    result = import_settings(DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Europe/Moscow"


def test_it_refuses_a_bad_boolean_and_a_bad_time_zone():
    assert "DEBUG" in import_settings(DEBUG="perhaps").stderr
    assert "TIME_ZONE" in import_settings(DEBUG="true", TIME_ZONE="Mars/Olympus").stderr
