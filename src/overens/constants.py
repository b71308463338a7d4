"""Names and paths shared by every module. A leaf module: it imports nothing from overens."""

from __future__ import annotations

AGREEMENTS_DIR = "agreements"
SCHEMAS_DIR = "schemas"
TEMPLATES_DIR = "templates"
CACHE_DIR = ".overens-cache"

AGREEMENT_FILE = "agreement.yaml"
PRINCIPLES_DIR = "principles"
SIGNATORIES_DIR = "signatories"
BODIES_DIR = "bodies"
EVIDENCE_DIR = "evidence"

SCHEMA_FILES = {
    "agreement": "agreement.schema.json",
    "principle": "principle.schema.json",
    "signatory": "signatory.schema.json",
    "body": "body.schema.json",
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
