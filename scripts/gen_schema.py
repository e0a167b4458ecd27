"""Regenerate ``auditor/schema/results.schema.json`` from the result model.

The JSON Schema of results.json is generated, never edited by hand: the pydantic model
:class:`auditor.findings.AuditResult` is the single source of truth, and this script adds only
the JSON Schema metadata (dialect, a versioned ``$id``, the pinned ``schema_version``).

    python scripts/gen_schema.py           # write the file
    python scripts/gen_schema.py --check   # exit 1 if the committed file is out of date

Bump :data:`auditor.findings.SCHEMA_VERSION` when results.json changes incompatibly (the major
part) or gains fields (the minor part), then rerun this script.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "auditor" / "schema" / "results.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def build_schema() -> dict:
    """The results.json schema as a dict (draft 2020-12)."""
    from auditor.findings import SCHEMA_VERSION, AuditResult

    # Serialization mode: the schema describes what results.json contains, not what the model accepts.
    generated = AuditResult.model_json_schema(mode="serialization")
    generated["properties"]["schema_version"]["const"] = SCHEMA_VERSION
    return {
        "$schema": DIALECT,
        "$id": f"urn:auditor:results-schema:{SCHEMA_VERSION}",
        "title": f"auditor results.json, schema version {SCHEMA_VERSION}",
        "description": ("Written by `auditor check` as audit_reports/results.json (and on stdout with --format "
                        "json). Generated from auditor.findings.AuditResult by scripts/gen_schema.py."),
        **{key: value for key, value in generated.items() if key not in ("title", "description")},
    }


def render() -> str:
    """The schema file's exact text (stable key order, trailing newline)."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed file is current")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.is_file() else ""
        if current != text:
            print(f"{SCHEMA_PATH.relative_to(ROOT)} is out of date: run python scripts/gen_schema.py", file=sys.stderr)
            return 1
        return 0
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {SCHEMA_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # run from a checkout without installing
    sys.exit(main())
