"""What every window shares: the base form and dialog, the task runner, widgets and style."""
