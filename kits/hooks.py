"""What the kits app contributes to other apps' pages (see etwinning/hooks.py)."""

from etwinning import hooks
from kits import demo, selectors, services

hooks.register("demo_seeders", demo.seed, order=70)
# The founding form prefilled from ?kit=<id>; the kit use recorded with the project;
# the space seeded with one page per step when the project opens.
hooks.register("project_found_initial", selectors.found_initial)
hooks.register("project_founded", services.kit_use_from_origin)
hooks.register("project_activated", services.seed_on_activation)
# The public page of a project founded from a kit links to the kit.
hooks.register("project_public_panels", selectors.project_public_panel, order=30)
hooks.register("user_data_exporters", selectors.user_data_export)
# A teacher in no project yet is offered a few kits on their dashboard.
hooks.register("dashboard_panels", selectors.dashboard_panel, order=25)
