"""What every window test needs: a task runner of its own, idle again when the test ends."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from frontdesk.ui.common.tasks import TaskRunner


@pytest.fixture
def runner(qapp):
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait_idle()
    QApplication.processEvents()
