# French URLs at the start of each test, as in the trainings app's tests.
from trainings.tests.conftest import _french_urls  # noqa: F401
