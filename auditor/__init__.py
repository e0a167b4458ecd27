"""auditor: finds the places where a document that cites figures contradicts itself.

Pipeline: sources (seeds/) -> extracts (datasets/) -> rules (expectations/) -> GX engine
-> findings -> reports (audit_reports/). The command line lives in :mod:`auditor.cli`; nothing
in the core imports it.
"""

__version__ = "0.1.0"
