from __future__ import annotations

from overens.cli import main

main()
