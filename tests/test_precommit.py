"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by pre-commit in a temporary repository.

The repository under test is used as a hook repository the way a project uses it (``repo:`` its
path, ``rev:`` its current commit): pre-commit clones it and reads the hooks from it. The
hooks' own ``language: python`` makes pre-commit build a virtualenv and ``pip install`` auditor
with Great Expectations from PyPI (about 70 s here, and network); the test overrides the
language to ``system`` so the hooks run the ``auditor`` already installed next to this Python.
Everything else (ids, entries, arguments, files, pass_filenames) is the shipped manifest's.
``AUDITOR_TEST_PRECOMMIT_INSTALL=1`` runs the real python environment instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
HOOK_IDS = ["auditor-validate", "auditor-check"]


def _head() -> str:
    proc = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip("not a git checkout: pre-commit needs a commit to clone")
    return proc.stdout.strip()


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


def test_the_manifest_declares_both_hooks_on_the_whole_project():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert list(hooks) == HOOK_IDS
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert hook["entry"].split()[:2] == ["auditor", hook["id"].removeprefix("auditor-")]


@pytest.fixture
def hook_repo(tmp_path: Path):
    """A git repository holding a project and a .pre-commit-config.yaml that uses this repository."""
    if not PRE_COMMIT.exists():
        pytest.skip("pre-commit is not installed (pip install -e '.[dev]')")
    rev = _head()
    repo = tmp_path / "project"
    repo.mkdir()
    _git(repo, "init", "-q")
    for name in ("seeds", "datasets", "expectations"):
        shutil.copytree(ROOT / name, repo / name)
    real_env = os.environ.get("AUDITOR_TEST_PRECOMMIT_INSTALL") == "1"
    hooks = [{"id": hook_id} if real_env else {"id": hook_id, "language": "system"} for hook_id in HOOK_IDS]
    config = {"repos": [{"repo": str(ROOT), "rev": rev, "hooks": hooks}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("GITHUB_ACTIONS", None)

    def run_hooks() -> subprocess.CompletedProcess:
        return subprocess.run([str(PRE_COMMIT), "run", "--all-files", "--color", "never"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=900)

    return repo, run_hooks


def _hook_results(output: str) -> dict[str, str]:
    """``{"auditor validate": "Passed", ...}`` from pre-commit's report lines."""
    results = {}
    for line in output.splitlines():
        for name in ("auditor validate", "auditor check"):
            if line.startswith(name + ".") and line.rstrip().endswith(("Passed", "Failed", "Skipped")):
                results[name] = line.rsplit(".", 1)[-1].strip()
    return results


def test_the_hooks_fail_the_commit_when_the_audit_fails_and_pass_it_once_fixed(hook_repo):
    repo, run_hooks = hook_repo
    # The shipped seed really contradicts itself: the gate fails, so does the commit.
    failed = run_hooks()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert _hook_results(failed.stdout) == {"auditor validate": "Passed", "auditor check": "Failed"}
    assert "seeds/000_f1179795d82053b5.txt:1:" in failed.stdout  # the findings, one line each
    assert "gate FAIL" in failed.stdout

    # Only warnings and infos left once the two errors are waived: the gate passes, so do the hooks.
    (repo / "waivers.yml").write_text(
        "waivers:\n"
        + "".join(f"  - {{rule: {rule}, reason: reviewed, reviewer: editor, expires: 2999-12-31}}\n"
                  for rule in ("ucr-incidents-by-category", "victims-2016-federal-plus-state")), encoding="utf-8")
    _git(repo, "add", "waivers.yml")
    passed = run_hooks()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert _hook_results(passed.stdout) == {"auditor validate": "Passed", "auditor check": "Passed"}


def test_a_broken_rule_file_fails_validate(hook_repo):
    repo, run_hooks = hook_repo
    (repo / "expectations" / "broken.yml").write_text("rules:\n  - {id: x, kind: sum_totl}\n", encoding="utf-8")
    _git(repo, "add", "-A")
    proc = run_hooks()
    assert proc.returncode == 1
    assert _hook_results(proc.stdout) == {"auditor validate": "Failed", "auditor check": "Failed"}
    assert "expectations/broken.yml:2:" in proc.stdout
