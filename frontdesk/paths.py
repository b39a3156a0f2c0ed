"""Where FrontDesk keeps its files: the bundled resources and the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "FrontDesk"
APP_AUTHOR = "FrontDesk"
FONT_FILE = "wqy-microhei.ttc"


def resources_dir() -> Path:
    """The bundled ``resources`` folder, installed as a package or in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "fonts" / FONT_FILE).is_file():
            return candidate
    raise FileNotFoundError("resources/fonts/" + FONT_FILE)


def font_path() -> Path:
    return resources_dir() / "fonts" / FONT_FILE


def data_dir(*, create: bool = True) -> Path:
    """The user's data folder; ``FRONTDESK_HOME`` overrides it (tests, demos)."""
    override = os.environ.get("FRONTDESK_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    """Where the site's SQLite file lives unless told otherwise (the folder is made when the file is)."""
    return data_dir(create=False) / "frontdesk.db"
