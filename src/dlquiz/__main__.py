"""``python -m dlquiz`` runs the same entry point as the ``dlquiz`` script."""

from dlquiz.cli.main import main

raise SystemExit(main())
