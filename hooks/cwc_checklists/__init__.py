"""Connect with Care checklists: load and validate checklists/*.yml, render their pages.

Runs inside MkDocs through hooks/checklists.py, or on its own: `python -m cwc_checklists --out DIR`.
"""

from __future__ import annotations

from .loader import load_all
from .model import Catalog, Checklist, ChecklistError, Item, Problem, Source

__all__ = ["CATALOG_KEY", "Catalog", "Checklist", "ChecklistError", "Item", "Problem", "Source", "load_all"]

CATALOG_KEY = "cwc_catalog"
"""Where hooks/checklists.py leaves the build's Catalog on the MkDocs config, for the other hooks."""
