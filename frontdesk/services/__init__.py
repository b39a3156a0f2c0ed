"""Use cases: plain functions that take the database and the acting user, check the role,
change the records, write the history, and return frozen dataclasses."""
