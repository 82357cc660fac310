import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _french_and_fast(settings):
    """French URLs (a request leaves its language active in the thread) and a fast
    password hasher (the role tables create many users)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    translation.activate("fr")
    yield
    translation.activate("fr")
