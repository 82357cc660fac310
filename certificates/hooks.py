"""What the certificates app contributes to other apps (see etwinning/hooks.py)."""

from certificates import selectors
from etwinning import hooks

hooks.register("user_data_exporters", selectors.user_data_export)
