"""Domain model: tiers, catalog types, the prerequisite graph and catalog loading."""

from .catalog import Catalog, Competency, Domain, Industry, Level, Mode, Module, Role, ShareRule, Text
from .loader import default_catalog_dir, load_catalog, load_catalog_with_problems
from .problems import CatalogError, InputError, Problem
from .tiers import TIERS, Tier

__all__ = [
    "Catalog", "CatalogError", "Competency", "Domain", "Industry", "InputError", "Level", "Mode",
    "Module", "Problem", "Role", "ShareRule", "TIERS", "Text", "Tier", "default_catalog_dir",
    "load_catalog", "load_catalog_with_problems",
]
