"""Staff review: two-factor login for staff, the queue per call, the staff application detail, screening.

Transitional bridge: ``applications/review.py`` (the company's pre-submission check, owned by the "apply" work)
has the same dotted name as this package, and a package wins over a module on import. Until that module is
renamed, the names it defines are loaded from its file on first use, under ``applications.presubmission``, so
``from applications.review import application_problems`` keeps working. Delete this block after the rename.
"""

import ast
import importlib.util
import sys
from pathlib import Path

_LEGACY_NAME = "applications.presubmission"
_LEGACY_FILE = Path(__file__).resolve().parent.parent / "review.py"


def _legacy_module():
    module = sys.modules.get(_LEGACY_NAME)
    if module is None:
        spec = importlib.util.spec_from_file_location(_LEGACY_NAME, _LEGACY_FILE)
        if spec is None or spec.loader is None:  # the module was renamed: nothing to bridge
            raise AttributeError(_LEGACY_NAME)
        module = importlib.util.module_from_spec(spec)
        sys.modules[_LEGACY_NAME] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[_LEGACY_NAME]
            raise
    return module


def _legacy_names() -> frozenset[str]:
    """The top-level names the legacy module defines, read without running it (so that ``hasattr`` probes by
    Django or pytest before the app registry is ready never import models)."""
    if not _LEGACY_FILE.exists():
        return frozenset()
    names: set[str] = set()
    for node in ast.parse(_LEGACY_FILE.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return frozenset(name for name in names if not name.startswith("__"))


def __getattr__(name: str):
    if name not in _legacy_names():
        raise AttributeError(f"module 'applications.review' has no attribute {name!r}")
    return getattr(_legacy_module(), name)
