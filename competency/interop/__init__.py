"""Interchange with learning systems: Moodle competency framework CSV and 1EdTech CASE JSON.

See docs/interop.md for the mapping both ways.
"""

from .api import FORMATS, export_catalog, guess_format, import_framework
from .catalog_yaml import catalog_files, write_catalog_folder
from .common import Imported

__all__ = ["FORMATS", "Imported", "catalog_files", "export_catalog", "guess_format", "import_framework",
           "write_catalog_folder"]
