"""Printed forms and exports, built from plain data (no Qt, no database sessions)."""
