"""What the bulletin app contributes to other apps (see etwinning/hooks.py)."""

from bulletins import demo, desk
from etwinning import hooks

hooks.register("demo_seeders", demo.seed, order=20)
hooks.register("staff_queue", desk.staff_queue_lines, order=60)
