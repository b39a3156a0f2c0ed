"""FrontDesk: complaint register, disposition, callbacks and reports for the service counter."""

__version__ = "0.1.0"
