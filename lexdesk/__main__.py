"""``python -m lexdesk`` runs the CLI."""

from lexdesk.cli import main

raise SystemExit(main())
