"""`python -m cloudglue_client.cli`."""

from . import main

raise SystemExit(main())
