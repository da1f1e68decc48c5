"""From a script to a content pack on disk: steps, manifest, index page, zip (no database)."""

from .pack import INDEX, MANIFEST, ZIP, Pack, PackError, pack_build, writers_available
from .steps import PackSettings

__all__ = ["INDEX", "MANIFEST", "ZIP", "Pack", "PackError", "PackSettings", "pack_build", "writers_available"]
