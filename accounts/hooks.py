"""What the accounts app contributes to other apps (see etwinning/hooks.py)."""

from accounts import demo
from etwinning import hooks

# First: every other app's demo data needs the schools, teachers and staff.
hooks.register("demo_seeders", demo.seed, order=0)
