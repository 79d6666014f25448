"""The exercise library and evidence registry, loaded from versioned YAML and validated on load."""

from gluterx.data._figures import check_figures, load_figures
from gluterx.data._loader import LibraryError, library_dir, load_library, load_registry

__all__ = ["LibraryError", "check_figures", "library_dir", "load_figures", "load_library", "load_registry"]
