"""What the groups app contributes to other apps' pages (see etwinning/hooks.py)."""

from etwinning import hooks
from groups import demo, desk, notification_kinds, selectors

hooks.register("notification_kinds", notification_kinds.kinds)
hooks.register("demo_seeders", demo.seed, order=75)
hooks.register("dashboard_panels", selectors.dashboard_panel, order=35)
hooks.register("user_data_exporters", selectors.user_data_export)
hooks.register("staff_queue", desk.staff_queue_lines, order=55)
