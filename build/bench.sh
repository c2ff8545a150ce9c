#!/usr/bin/env bash
# The load harness of issue 8: builds the service and the harness in Release, then runs the harness,
# which starts the service itself on 127.0.0.1 with fresh SQLite files and stops it when done.
#   build/bench.sh            full run: several minutes (see docs/performance.md for the figures)
#   build/bench.sh --smoke    every phase once with tiny counts, in seconds (exit 0 if all ran)
#   build/bench.sh --help     options (fewer agents, consoles, cases, ...)
# The last line printed is one JSON object with every figure. BENCH_NO_BUILD=1 skips the builds.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ "${BENCH_NO_BUILD:-0}" != "1" ]; then
  # Build output goes to stderr, so stdout is the harness's table and JSON line only.
  dotnet build src/RecoveryDesk.Web/RecoveryDesk.Web.csproj -c Release -warnaserror -nologo -v quiet 1>&2
  dotnet build bench/RecoveryDesk.Bench/RecoveryDesk.Bench.csproj -c Release -warnaserror -nologo -v quiet 1>&2
fi

exec dotnet bench/RecoveryDesk.Bench/bin/Release/net10.0/RecoveryDesk.Bench.dll \
  --service src/RecoveryDesk.Web/bin/Release/net10.0/RecoveryDesk.Web.dll "$@"
