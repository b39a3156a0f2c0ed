"""The disposition form (ZC-QR-028) and the to-do lists that lead to it."""
