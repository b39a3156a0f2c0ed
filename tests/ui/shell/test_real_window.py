"""The app starts in a real window: Qt's xcb platform under Xvfb shows the sign-in window.

Offscreen rendering hides a missing system library (Qt then aborts with a misleading
"xcb-cursor0 … is needed"); this starts the installed command the way a user does.
Skipped where Xvfb or xdotool is not installed; CI installs both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from frontdesk.services import auth

NEEDS = ("Xvfb", "xdotool")
pytestmark = pytest.mark.skipif(any(shutil.which(tool) is None for tool in NEEDS),
                                reason="Xvfb and xdotool are needed to start a real window")


def _free_display() -> str:
    for number in range(90, 140):
        if not os.path.exists(f"/tmp/.X11-unix/X{number}") and not os.path.exists(f"/tmp/.X{number}-lock"):
            return f":{number}"
    raise RuntimeError("no free X display number")


def _window_named(display: str, name: str) -> bool:
    found = subprocess.run(["xdotool", "search", "--name", name], capture_output=True, text=True,
                           env={**os.environ, "DISPLAY": display})
    return bool(found.stdout.strip())


def test_the_sign_in_window_opens_on_the_real_xcb_platform(db, admin, tmp_path, fresh_home):
    assert auth.is_initialized(db)
    display = _free_display()
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "FRONTDESK_HOME": str(fresh_home)}
    app = None
    try:
        time.sleep(0.5)
        app = subprocess.Popen([sys.executable, "-m", "frontdesk", "--db", db.url], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and app.poll() is None and not _window_named(display, "登录"):
            time.sleep(0.3)
        running = app.poll() is None
        shown = running and _window_named(display, "登录")
    finally:
        if app is not None:
            app.terminate()
            output = app.communicate(timeout=10)
        server.terminate()
        server.wait(timeout=10)
    assert shown, f"no sign-in window; the app said: {output}"
