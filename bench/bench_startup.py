"""Start-up and register-open times of the window application, as ratios against Qt's own start.

    python -m bench.bench_startup --db demo.db [--repeat 3]

The database should come from ``frontdesk demo --months 24``.  Each measurement runs in
a fresh process (offscreen), so it includes Python's imports, as a user would see it:

- baseline: import PySide6 and create the QApplication (what any Qt program pays);
- start-up: the same plus the bundled font, database integrity check and migrations,
  and the main window built with its register page;
- register open: from the main window's construction until the register's first rows
  are on screen (the id query runs on the worker thread);
- search: typing a 4-digit phone fragment until the filtered rows are shown.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

_BASELINE = """
import time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
print('{"baseline": %f}' % (time.perf_counter() - t0))
"""

_APP = r"""
import time; t0 = time.perf_counter()
import json, sys
from frontdesk.ui.shell.app import application
from frontdesk.ui.shell.run import open_database
from frontdesk.ui.common.base import AppContext
from frontdesk.ui.common.tasks import TaskRunner
from frontdesk.services import settings, auth
app = application()
db = open_database(sys.argv[1])
site = settings.load(db)
actor = auth.sign_in(db, "admin", "admin123")
t_window = time.perf_counter()
from frontdesk.ui.shell.main_window import MainWindow
ctx = AppContext(db=db, actor=actor, runner=TaskRunner(), profile=site.profile, site_name=site.site_name)
window = MainWindow(ctx)
window.show()
page = window.register_page
page.all_dates_button.click()
def wait(predicate, limit=60):
    deadline = time.perf_counter() + limit
    while not predicate() and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.001)
wait(lambda: page.model.rowCount() > 0 and ctx.runner.active_count() == 0)
page.model.data(page.model.index(0, 0))
t_open = time.perf_counter()
fragment = page.model.record(0).phone[-4:]
shown_before = page.model.rowCount()
t_search = time.perf_counter()
page.search_edit.setText(fragment)
page.reload()
wait(lambda: ctx.runner.active_count() == 0 and page.model.rowCount() != shown_before)
t_found = time.perf_counter()
print(json.dumps({"startup": t_open - t0, "register_open": t_open - t_window,
                  "search": t_found - t_search, "rows": shown_before, "found": page.model.rowCount()}))
"""


def _run(code: str, *args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True)
    values = json.loads(out.stdout.strip().splitlines()[-1])
    values["process"] = time.perf_counter() - start
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = [_run(_BASELINE)["process"] for _ in range(args.repeat)]
    runs = [_run(_APP, args.db) for _ in range(args.repeat)]
    baseline = statistics.median(base)
    print(f"baseline (Python + Qt start)     {baseline * 1000:8.0f} ms   1.00")
    for key, label in (("process", "start-up to register shown"), ("register_open", "register open (window → rows)"),
                       ("search", "search 4-digit phone fragment")):
        value = statistics.median(r[key] for r in runs)
        print(f"{label:32s} {value * 1000:8.0f} ms   {value / baseline:5.2f}")
    print(f"rows in register: {runs[0]['rows']}, found by fragment: {runs[0]['found']}")


if __name__ == "__main__":
    main()
