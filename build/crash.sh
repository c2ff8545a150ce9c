#!/usr/bin/env bash
# The crash harness: starts the real service (Release build) on a SQLite file, drives recovery cycles
# from several clients, SIGKILLs it at seeded random moments and restarts it, checking after each
# restart that every acknowledged write survived, claimed cases have one owner, integrity_check is ok
# and every committed change's outbox message is delivered.
#   ./build/crash.sh            50 kills
#   ./build/crash.sh --ci       3 kills
#   ./build/crash.sh --kills N  N kills
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

kills=50
while [ $# -gt 0 ]; do
  case "$1" in
    --ci) kills=3 ;;
    --kills) kills="$2"; shift ;;
    *) echo "usage: $0 [--ci] [--kills N]" >&2; exit 2 ;;
  esac
  shift
done

dotnet build src/RecoveryDesk.Web -c Release -warnaserror
CRASH_KILLS="$kills" CRASH_SERVICE_DLL="$PWD/src/RecoveryDesk.Web/bin/Release/net10.0/RecoveryDesk.Web.dll" \
  dotnet test tests/RecoveryDesk.Web.Tests --filter "TestCategory=Crash" --logger "console;verbosity=normal"
