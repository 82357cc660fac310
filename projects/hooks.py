"""What the projects app contributes to other apps' pages (see etwinning/hooks.py)."""

from etwinning import hooks
from projects import demo, desk, notification_kinds, selectors, showcase

hooks.register("demo_seeders", demo.seed, order=30)
hooks.register("dashboard_panels", selectors.dashboard_panel, order=20)
hooks.register("user_data_exporters", selectors.user_data_export)
hooks.register("statistics_figures", showcase.statistics_figures, order=10)
hooks.register("staff_queue", desk.staff_queue_lines, order=10)
hooks.register("notification_kinds", notification_kinds.kinds)
