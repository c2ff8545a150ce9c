#!/usr/bin/env bash
# Writes the DBA scripts from the migrations, without any database server:
#   db/sqlserver/schema.sql  idempotent (safe to run on a database at any earlier migration)
#   db/postgresql/schema.sql idempotent
#   db/sqlite/schema.sql     plain (EF cannot make an idempotent SQLite script)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations script --idempotent --no-color \
  --project src/RecoveryDesk.Migrations.SqlServer --startup-project src/RecoveryDesk.Migrations.SqlServer \
  --output db/sqlserver/schema.sql
dotnet ef migrations script --idempotent --no-color \
  --project src/RecoveryDesk.Migrations.Postgres --startup-project src/RecoveryDesk.Migrations.Postgres \
  --output db/postgresql/schema.sql
dotnet ef migrations script --no-color \
  --project src/RecoveryDesk.Migrations.Sqlite --startup-project src/RecoveryDesk.Migrations.Sqlite \
  --output db/sqlite/schema.sql
echo "wrote db/sqlserver/schema.sql, db/postgresql/schema.sql and db/sqlite/schema.sql"
