"""What partner search contributes to other apps' pages (see etwinning/hooks.py)."""

from etwinning import hooks
from partners import bulletin, dashboard, demo, desk, notification_kinds, search_index, selectors

hooks.register("demo_seeders", demo.seed, order=40)
hooks.register("dashboard_panels", dashboard.panel, order=30)
hooks.register("user_data_exporters", selectors.export_user_data)
# The teachers' search rows copy their profile and their school: re-index on change.
hooks.register("teacher_changed", search_index.teacher_changed)
hooks.register("school_changed", search_index.school_changed)
hooks.register("bulletin_sections", bulletin.new_announcements_section, order=10)
hooks.register("staff_queue", desk.staff_queue_lines, order=40)
hooks.register("notification_kinds", notification_kinds.kinds)
hooks.register("bulletin_personal_lines", bulletin.personal_lines)
