"""``python -m newscrawl.cli``: the ``newscrawl`` command."""

from __future__ import annotations

import sys

from newscrawl.cli.main import main

sys.exit(main())
