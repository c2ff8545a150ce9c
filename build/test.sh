#!/usr/bin/env bash
# Installs what the tests need, builds warning-free, runs every test project, and prints the totals
# over all projects as the last line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { echo "test.sh: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

# What the tests run against, from Debian's packages when missing: Chromium for the browser tests,
# PostgreSQL (the server database the tests really use), Redis (the backplane of several instances)
# and Dovecot (the IMAP server the team mailboxes are read from); Node.js and npm for the front-end
# packages and the OpenAPI lint, Python for picking free ports.
missing=()
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || fail "could not install ${missing[*]}"
fi

. build/test-services.sh
start_postgres || fail "could not start PostgreSQL"
start_redis || fail "could not start Redis"
start_dovecot || fail "could not start Dovecot"

# Front-end packages come from the committed lock file.
if [ -f src/RecoveryDesk.Web/package-lock.json ]; then
  (cd src/RecoveryDesk.Web && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
fi
# The OpenAPI lint test runs Redocly from its own lock file.
if [ -f tests/openapi-lint/package-lock.json ]; then
  (cd tests/openapi-lint && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed (tests/openapi-lint)"
fi

dotnet tool restore >/dev/null || fail "dotnet tool restore failed"
dotnet restore RecoveryDesk.sln || fail "restore failed"
dotnet build RecoveryDesk.sln --no-restore -c Debug -warnaserror || fail "build failed (warnings are errors)"

passed=0; failed=0; status=0
results="$(mktemp -d)"
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  echo "== $name"
  dotnet test "$project" --no-build -c Debug --logger "trx;LogFileName=$name.trx" --results-directory "$results" 2>&1 \
    | tee "$results/$name.log"
  code=${PIPESTATUS[0]}
  summary="$(grep -E '(Passed|Failed)!  ?- ' "$results/$name.log" | tail -1)"
  p="$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")"
  f="$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$summary")"
  if [ -z "$p" ]; then p=0; f=$(( code == 0 ? 0 : 1 )); fi
  passed=$((passed + p)); failed=$((failed + f))
  [ "$code" -ne 0 ] && status=1
done
# Short forms of the by-hand harnesses, so they keep working: a few kills of the crash harness
# (build/crash.sh runs 50) and the load harness in smoke mode (build/bench.sh runs it in full).
echo "== crash harness (3 kills)"
CRASH_KILLS=3 CRASH_SERVICE_DLL="$PWD/src/RecoveryDesk.Web/bin/Debug/net10.0/RecoveryDesk.Web.dll" \
  dotnet test tests/RecoveryDesk.Web.Tests --no-build -c Debug --filter "TestCategory=Crash" 2>&1 | tee "$results/crash.log"
code=${PIPESTATUS[0]}
summary="$(grep -E '(Passed|Failed)!  ?- ' "$results/crash.log" | tail -1)"
p="$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")"; f="$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$summary")"
if [ -z "$p" ] || [ "$p" -eq 0 ]; then p=0; f=1; fi
passed=$((passed + p)); failed=$((failed + f)); [ "$code" -ne 0 ] && status=1

if [ -f bench/RecoveryDesk.Bench/bin/Debug/net10.0/RecoveryDesk.Bench.dll ]; then
  echo "== load harness (smoke)"
  if dotnet bench/RecoveryDesk.Bench/bin/Debug/net10.0/RecoveryDesk.Bench.dll \
      --service src/RecoveryDesk.Web/bin/Debug/net10.0/RecoveryDesk.Web.dll --smoke; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); status=1
  fi
fi

[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed"
exit $status
