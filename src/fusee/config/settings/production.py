"""The default settings module: everything comes from the environment."""

from fusee.config.settings.base import *  # noqa: F403
