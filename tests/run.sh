#!/usr/bin/env bash
# Builds the solution, runs every test project and ends with one line: "N passed, N failed, N skipped".
# Exits non-zero when the build fails or any test fails.
set -uo pipefail
cd "$(dirname "$0")/.."

bash tests/install-tools.sh || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

# A hung test fails the run after 10 minutes instead of holding CI to its time limit.
dotnet test Operator.sln --nologo --results-directory "$results" --logger trx --blame-hang-timeout 10m
status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(value total); executed=$(value executed); p=$(value passed); f=$(value failed)
  passed=$((passed + p))
  failed=$((failed + f + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + total - executed))
done

# A build failure or a crashed test host runs no test to count: report it as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
