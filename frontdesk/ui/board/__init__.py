"""The overdue board: every open deadline, least time left first."""
