"""The architecture holds: imports run one way (ui → services → reports | db → domain), the
window's feature rooms share only ui.common, and nothing below the window loads Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

import frontdesk

PACKAGE = Path(frontdesk.__file__).resolve().parent
PYPROJECT = PACKAGE.parent / "pyproject.toml"


def test_the_import_contracts_are_kept(capsys):
    result = lint_imports(config_filename=str(PYPROJECT), no_logo=True, no_cache=True)
    report = capsys.readouterr().out
    assert result == 0, report
    assert "3 kept, 0 broken" in report


def test_a_broken_layer_is_caught(tmp_path, capsys):
    """The contract has teeth: a copy of the rules pointed at a package that breaks them fails."""
    broken = tmp_path / "layered"
    (broken / "low").mkdir(parents=True)
    (broken / "__init__.py").write_text("")
    (broken / "low" / "__init__.py").write_text("from layered import high  # reaches up\n")
    (broken / "high.py").write_text("from layered import low\n")
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_package = "layered"\n\n[[tool.importlinter.contracts]]\nname = "down only"\n'
        'type = "layers"\nlayers = ["layered.high", "layered.low"]\n', encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        assert lint_imports(config_filename=str(config), no_logo=True, no_cache=True) == 1
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("layered", None)
    assert "layered.low -> layered.high" in capsys.readouterr().out


def _modules_outside_ui() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        if parts[1:2] == ["ui"] or "migrations" in parts or parts[-1] == "__main__":
            continue  # the window; alembic scripts run inside alembic; __main__ starts the app
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def test_importing_everything_outside_ui_loads_no_qt():
    modules = _modules_outside_ui()
    assert {"frontdesk.domain.complaint", "frontdesk.services.complaints", "frontdesk.db.engine"} <= set(modules)
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
