"""What the accounts app contributes to other apps (see etwinning/hooks.py)."""

from accounts import demo, desk
from etwinning import hooks

# First: every other app's demo data needs the schools, teachers and staff.
hooks.register("demo_seeders", demo.seed, order=0)

# The support officer's desk: teachers and schools waiting for validation, first.
hooks.register("staff_queue", desk.staff_queue_lines, order=0)
