"""Small UI state (window sizes, last filters) kept as JSON in the data folder, never in the registry."""

from __future__ import annotations

import json
from typing import Any

from frontdesk.paths import data_dir

_FILE = "ui_state.json"


def load(key: str, default: Any = None) -> Any:
    try:
        return json.loads((data_dir() / _FILE).read_text(encoding="utf-8")).get(key, default)
    except (OSError, ValueError):
        return default


def save(key: str, value: Any) -> None:
    path = data_dir() / _FILE
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        values = {}
    values[key] = value
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
