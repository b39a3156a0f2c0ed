"""Qt-free rules and plain data: vocabularies, permissions, per-form rules, the deadline engine."""
