"""Settings of ``bench/bulletin.py``: the portal's, with a URLconf reduced to
what bulletin messages link to, so the benchmark measures sending only and runs
even while another app's URLs are being reworked."""

from etwinning.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bulletin_urls"
# As in production: with DEBUG every worker keeps its last 9,000 SQL statements
# (the fan-out's are 2,000-row INSERTs: ~50 MiB) and pays for logging each one.
DEBUG = False
