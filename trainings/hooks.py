"""What the trainings app contributes to other apps' pages (see etwinning/hooks.py)."""

from etwinning import hooks
from trainings import bulletin, demo, desk, notification_kinds, selectors, showcase

hooks.register("demo_seeders", demo.seed, order=10)
hooks.register("dashboard_panels", selectors.dashboard_panel, order=10)
hooks.register("user_data_exporters", selectors.user_data_export)
hooks.register("home_sections", showcase.home_upcoming_trainings, order=20)
hooks.register("bulletin_sections", bulletin.upcoming_trainings_section, order=40)
hooks.register("staff_queue", desk.staff_queue_lines, order=50)
hooks.register("notification_kinds", notification_kinds.kinds)
