"""What the portal contributes through the hooks it also calls (see etwinning/hooks.py):
its own section of the home page and its demo news."""

from etwinning import hooks
from portal import demo, selectors

# After accounts, which seeds the FWB service the news belong to.
hooks.register("demo_seeders", demo.seed, order=15)
hooks.register("home_sections", selectors.home_latest_news, order=30)
