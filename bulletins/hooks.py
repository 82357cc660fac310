"""What the bulletin app contributes to other apps (see etwinning/hooks.py)."""

from bulletins import demo
from etwinning import hooks

hooks.register("demo_seeders", demo.seed, order=20)
