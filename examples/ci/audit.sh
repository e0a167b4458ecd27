#!/bin/sh
# Gate a release on the audit, in any CI system (plain POSIX shell).
#
#   sh examples/ci/audit.sh [extra auditor check options...]
#   e.g. sh examples/ci/audit.sh --fail-on warning
#        sh examples/ci/audit.sh --baseline previous/results.json --fail-on-new
#
# Runs `auditor check`, copies the reports into $ARTIFACTS_DIR for the CI system to keep, and
# exits with auditor's own code: 0 = gate passes, 1 = blocking findings, 2 = input/usage error.
# On exit 2 auditor writes nothing, so nothing is copied (an old report would mislead).
#
# Settings (environment): AUDITOR (the command, default "auditor"), REPORT_DIR (default
# audit_reports), ARTIFACTS_DIR (default artifacts). A ./waivers.yml is used when present.
set -u

AUDITOR=${AUDITOR:-auditor}
REPORT_DIR=${REPORT_DIR:-audit_reports}
ARTIFACTS_DIR=${ARTIFACTS_DIR:-artifacts}

# $AUDITOR is left unquoted on purpose so that e.g. AUDITOR="python -m auditor.cli" works.
# shellcheck disable=SC2086
$AUDITOR check --report-dir "$REPORT_DIR" "$@"
code=$?

if [ "$code" -eq 0 ] || [ "$code" -eq 1 ]; then
    mkdir -p "$ARTIFACTS_DIR"
    for name in report.html results.json junit.xml results.sarif; do
        if [ -f "$REPORT_DIR/$name" ]; then
            cp "$REPORT_DIR/$name" "$ARTIFACTS_DIR/$name"
        fi
    done
fi

case "$code" in
    0) echo "audit: gate passed; report in $ARTIFACTS_DIR/report.html" ;;
    1) echo "audit: gate FAILED: blocking findings; see $ARTIFACTS_DIR/report.html" >&2 ;;
    *) echo "audit: auditor could not run (exit $code); fix the errors above" >&2 ;;
esac
exit "$code"
