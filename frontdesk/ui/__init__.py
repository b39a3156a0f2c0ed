"""Everything Qt: the main window, pages, dialogs, table models and the task runner."""
