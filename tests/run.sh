#!/usr/bin/env bash
# Builds the solution, runs every test project and ends with one line: "N passed, N failed, N skipped".
# Exits non-zero when the build fails or any test fails.
set -uo pipefail
cd "$(dirname "$0")/.."

bash tests/install-tools.sh || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

log=$(mktemp)
native=$(mktemp -d)
trap 'rm -rf "$log" "$native"' EXIT

# The programs whose images ship them compiled ahead of time, built so: the sandbox's pods and the tests that start
# these programs run these builds (Airwave.Sandbox.ProgramBuild).
for program in operator/Airwave.Operator:OPERATOR sfu/Airwave.Sfu:SFU connector/Airwave.Connector:CONNECTOR operator/Airwave.Transcoder:TRANSCODER \
  webhook/Airwave.Webhook:WEBHOOK signaling/Airwave.Signaling:SIGNALING; do
  project=${program%%:*}
  out="$native/${program##*:}"
  if ! dotnet publish "$project" -c Release -p:PublishAot=true --use-current-runtime -o "$out" --nologo -v q; then
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
  fi
  export "AIRWAVE_SANDBOX_${program##*:}_BUILD=$out"
done

# A hung test fails the run after 10 minutes instead of holding CI to its time limit.
dotnet test Operator.sln --nologo --blame-hang-timeout 10m 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Every test assembly ends with "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T" (or "Failed!  - ...").
count() { grep -E '^(Passed|Failed)! +- ' "$log" | sed -n "s/.* $1: *\([0-9]*\).*/\1/p" | awk '{ n += $1 } END { print n + 0 }'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)

# A build failure or a crashed test host leaves no summary to count: report it as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
