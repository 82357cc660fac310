import pytest


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    """Pupil logins and teachers are created in every test: a fast hasher keeps the
    suite quick (the production hasher is Django's default PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
