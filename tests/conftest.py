import sys
from pathlib import Path

# Test helpers (catalog_factory, ...) are imported as plain modules.
sys.path.insert(0, str(Path(__file__).parent))
