"""``python -m frontdesk`` runs the application."""

import sys

from frontdesk.cli import main

sys.exit(main())
