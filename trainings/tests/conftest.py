import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _french_urls():
    """A request leaves its language active in the thread: start each test in French
    so that reverse() gives French URLs."""
    translation.activate("fr")
    yield
    translation.activate("fr")
