"""Nothing below ``frontdesk/ui`` imports Qt: services, rules and reports run without it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import frontdesk

PACKAGE = Path(frontdesk.__file__).resolve().parent


def _qt_imports(path: Path, root: Path = PACKAGE.parent) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module", "__import__",
        ):
            names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        else:
            continue
        found += [f"{path.relative_to(root)}:{node.lineno} {n}" for n in names
                  if n.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6")]
    return found


def _modules_outside_ui() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "ui" not in p.relative_to(PACKAGE).parts[:1]]


def test_walks_the_whole_package():
    modules = _modules_outside_ui()
    names = {p.relative_to(PACKAGE).as_posix() for p in modules}
    assert {"domain/complaint.py", "services/complaints.py", "db/engine.py"} <= names
    assert not any(n.startswith("ui/") for n in names)


def test_no_module_outside_ui_imports_qt():
    offenders = [hit for path in _modules_outside_ui() for hit in _qt_imports(path)]
    assert offenders == []


def test_the_checker_sees_every_form_of_qt_import(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text(
        "from PySide6.QtWidgets import QWidget\nimport shiboken6\nimport os, PySide6.QtCore\n"
        "import importlib\nimportlib.import_module('PySide6.QtGui')\nfrom . import ui\n",
        encoding="utf-8",
    )
    assert len(_qt_imports(fake, tmp_path)) == 4
    assert _qt_imports(PACKAGE / "domain" / "complaint.py") == []


def _importable_modules() -> list[str]:
    names = []
    for path in _modules_outside_ui():
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        if "migrations" in parts or parts[-1] == "__main__":
            continue  # alembic scripts run inside alembic; __main__ starts the app
        names.append(".".join(parts))
    return names


def test_importing_everything_outside_ui_loads_no_qt():
    modules = _importable_modules()
    assert "frontdesk.services.complaints" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(loaded)\n"
        "raise SystemExit(1 if loaded else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
