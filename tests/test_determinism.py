"""The same inputs give the same results.json, byte for byte, apart from the run metadata.

``results.json`` documents its ``run`` object as the only non-deterministic part (time, host,
versions, seconds). Two audits of the real project, each in its own process with a different
``PYTHONHASHSEED`` (so any ordering that leans on set or dict-of-set iteration shows up) and in
a different folder (so no absolute path can leak in), must agree on everything else, including
key order and number formatting.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONSOLE_SCRIPT = Path(sys.executable).with_name("auditor")
RUN_METADATA = {"started_at", "seconds", "host", "auditor_version", "gx_version", "python_version", "engine"}


def without_run(text: str) -> str:
    """results.json re-serialised in its own key order, with the ``run`` values blanked."""
    data = json.loads(text)
    assert set(data["run"]) <= RUN_METADATA, f"undocumented run metadata: {set(data['run']) - RUN_METADATA}"
    data["run"] = {key: "…" for key in data["run"]}
    return json.dumps(data, indent=2, ensure_ascii=False)


def test_two_runs_give_identical_results_apart_from_run_metadata(tmp_path):
    assert CONSOLE_SCRIPT.exists(), "the package must be installed (pip install -e .)"
    runs = []
    for index, hash_seed in enumerate(("1", "4242")):
        root = tmp_path / f"copy-{index}" / "project"
        for name in ("seeds", "datasets", "expectations"):
            shutil.copytree(REPO / name, root / name)
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        # Both audits run at once: two cores, and GX's import dominates each.
        runs.append((root, subprocess.Popen([str(CONSOLE_SCRIPT), "check", "--quiet"], cwd=root, env=env,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    texts = []
    for root, process in runs:
        out, err = process.communicate(timeout=300)
        assert process.returncode in (0, 1), err
        texts.append((root / "audit_reports" / "results.json").read_text(encoding="utf-8"))
    first, second = (without_run(text) for text in texts)
    assert first == second, "\n".join(difflib.unified_diff(first.splitlines(), second.splitlines(), lineterm="", n=1))
    # Byte level: the files differ only on lines inside the run object.
    changed = [line for line in difflib.ndiff(texts[0].splitlines(), texts[1].splitlines())
               if line.startswith(("- ", "+ "))]
    run_keys = tuple(f'    "{key}": ' for key in RUN_METADATA)
    assert all(line[2:].startswith(run_keys) for line in changed), changed
