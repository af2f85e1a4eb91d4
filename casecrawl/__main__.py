"""`python -m casecrawl` is the `casecrawl` command."""

from casecrawl.cli import main

raise SystemExit(main())
