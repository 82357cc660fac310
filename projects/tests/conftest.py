import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Factories hash a password per user: the default hasher would make the
    # permission matrix (many users per test) needlessly slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
