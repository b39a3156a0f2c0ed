"""``frontdesk demo`` as a site runs it: bounded arguments with Chinese messages, and no demo data
mixed into a database that already holds complaints unless asked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m frontdesk demo …`` with a fresh data folder of its own."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FRONTDESK_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("FRONTDESK_DB", None)
    return subprocess.run([sys.executable, "-m", "frontdesk", "demo", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(("args", "says"), [
    (("--months", "0"), "月数"), (("--months", "-3"), "月数"), (("--months", "61"), "月数"),
    (("--months", "100000"), "月数"), (("--months", "两年"), "月数"), (("--seed", "-1"), "种子"),
    (("--seed", "x"), "种子"), (("--profile", "hotel"), "行业"), (("--colour", "red"), "无法识别"),
], ids=lambda value: " ".join(value) if isinstance(value, tuple) else "")
def test_arguments_out_of_bounds_are_refused_in_chinese(tmp_path, args, says):
    result = run(tmp_path / "home", *args)
    assert result.returncode == 2, result.stderr
    assert says in result.stderr and "--help 查看用法" in result.stderr
    assert "Traceback" not in result.stderr and "error:" not in result.stderr
    assert not (tmp_path / "home" / "frontdesk.db").exists()  # nothing was opened, let alone filled


def test_a_database_with_complaints_is_filled_again_only_when_asked(tmp_path):
    home = tmp_path / "home"
    first = run(home, "--months", "1", "--seed", "3")
    assert first.returncode == 0, first.stderr
    assert "演示数据已生成" in first.stdout
    again = run(home, "--months", "1")
    assert again.returncode == 1
    assert "已有" in again.stderr and "--force" in again.stderr and "Traceback" not in again.stderr
    forced = run(home, "--months", "1", "--seed", "4", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "原有账户" in forced.stdout  # the accounts of the first run are kept, their passwords unsaid
