#!/usr/bin/env bash
# Adds a migration with the same name for each database provider, then regenerates db/ scripts.
# Usage: ./build/add-migration.sh <MigrationName>
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: build/add-migration.sh <MigrationName>}"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres SqlServer; do
  project="src/RecoveryDesk.Migrations.$provider"
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
./build/schema.sh
