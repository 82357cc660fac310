"""What the labels app (quality labels, the FWB prize contest) contributes to other
apps' pages (see etwinning/hooks.py)."""

from etwinning import hooks
from labels import bulletin, demo, desk, notification_kinds, selectors, showcase

hooks.register("demo_seeders", demo.seed, order=50)
hooks.register("dashboard_panels", selectors.dashboard_panel, order=40)
hooks.register("user_data_exporters", selectors.user_data_export)
hooks.register("project_public_panels", selectors.project_public_panel, order=10)
hooks.register("project_gallery_filters", selectors.gallery_label_filter)
hooks.register("teacher_profile_panels", selectors.teacher_profile_panel)
hooks.register("bulletin_sections", bulletin.contest_countdown_section, order=20)
hooks.register("bulletin_sections", bulletin.new_labels_section, order=30)
hooks.register("home_sections", showcase.home_contest_deadline, order=10)
hooks.register("home_sections", showcase.home_awarded_projects, order=40)
hooks.register("statistics_figures", showcase.statistics_figures, order=20)
hooks.register("staff_queue", desk.staff_queue_lines, order=30)
hooks.register("notification_kinds", notification_kinds.kinds)
