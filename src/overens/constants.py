"""Names and paths shared by every module. A leaf module: it imports nothing from overens."""

from __future__ import annotations

import re

AGREEMENTS_DIR = "agreements"
SCHEMAS_DIR = "schemas"
TEMPLATES_DIR = "templates"
CACHE_DIR = ".overens-cache"

AGREEMENT_FILE = "agreement.yaml"
PRINCIPLES_DIR = "principles"
SIGNATORIES_DIR = "signatories"
BODIES_DIR = "bodies"
EVIDENCE_DIR = "evidence"
PLANS_DIR = "plans"
EVENTS_DIR = "events"

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
"""The schemas' ``slug`` pattern (its length aside): the id of an agreement or a signatory, and
the name of its folder or file."""

SCHEMA_FILES = {
    "agreement": "agreement.schema.json",
    "principle": "principle.schema.json",
    "signatory": "signatory.schema.json",
    "body": "body.schema.json",
    "plan": "plan.schema.json",
    "events": "events.schema.json",
}

# Exit codes (docs/decisions/0003-errors-and-exit-codes.md).
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130

# Bounds on what one YAML file may hold (hostile input).
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_EXPANDED_NODES = 200_000
MAX_DEPTH = 64
MAX_VALUE_CHARS = 100_000
"""The longest single value (a whole agreement's text is about 20,000 characters)."""
MAX_EXPANDED_CHARS = MAX_FILE_BYTES
"""The most text a file may hold once aliases are expanded: no more than a file may hold."""
