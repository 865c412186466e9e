"""Settings for the test suite: the real settings with a throwaway key and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-1234567890")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from profcluster.settings import *  # noqa: F403

# Hashing demo passwords with PBKDF2 dominates persona set-up time; tests do not need slow hashes.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
}  # run background work inline
