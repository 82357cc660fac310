"""What the project space contributes to other apps' pages (see etwinning/hooks.py)."""

from etwinning import hooks
from projects.space import demo, selectors

hooks.register("demo_seeders", demo.seed, order=60)
hooks.register("dashboard_panels", selectors.dashboard_panel, order=50)
hooks.register("user_data_exporters", selectors.user_data_export)
hooks.register("project_public_panels", selectors.public_panel, order=20)
