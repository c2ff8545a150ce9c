# Sourced by build/test.sh: starts the servers the tests talk to, each on a free loopback port in a
# temporary folder, and stops them when the test run ends. Exports where they are:
#   RECOVERYDESK_TEST_POSTGRES  an Npgsql connection string (PostgreSQL from Debian, trust auth on loopback)
#   RECOVERYDESK_TEST_REDIS     host:port of a redis-server that saves nothing
#   RECOVERYDESK_TEST_IMAP      host:port of a Dovecot IMAP server (plain, loopback) and, after a space,
#                               its users file: a test adds "user@x:{PLAIN}password" lines to make mailboxes
# shellcheck shell=bash

services_dir="$(mktemp -d -t recoverydesk-services.XXXXXX)"
chmod 755 "$services_dir"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# Runs a PostgreSQL command as the postgres user when root (PostgreSQL refuses to run as root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin port data
  bin="$(pg_bin)"; port="$(free_port)"; data="$services_dir/postgres"
  mkdir -p "$data"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
  as_postgres "$bin/initdb" -D "$data" -A trust -U desk -E UTF8 >"$services_dir/initdb.log" 2>&1 || { cat "$services_dir/initdb.log" >&2; return 1; }
  as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" -w start >/dev/null || { cat "$data/server.log" >&2; return 1; }
  export RECOVERYDESK_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=desk;Database=postgres"
  echo "PostgreSQL on 127.0.0.1:$port"
}

start_redis() {
  local port; port="$(free_port)"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$services_dir" --logfile "$services_dir/redis.log" --pidfile "$services_dir/redis.pid" >/dev/null || return 1
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export RECOVERYDESK_TEST_REDIS="127.0.0.1:$port"
  echo "Redis on 127.0.0.1:$port"
}

start_dovecot() {
  local port dir; port="$(free_port)"; dir="$services_dir/dovecot"
  mkdir -p "$dir/mail" "$dir/base" "$dir/state"
  : >"$dir/users"
  chmod 755 "$dir" && chmod 777 "$dir/mail" && chmod 666 "$dir/users"
  cat >"$dir/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $dir/base
state_dir = $dir/state
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = $dir/dovecot.log
mail_location = maildir:$dir/mail/%u
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 1
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$dir/mail/%u
}
namespace inbox {
  inbox = yes
  mailbox Processed {
    auto = subscribe
  }
}
CONF
  /usr/sbin/dovecot -c "$dir/dovecot.conf" || { cat "$dir/dovecot.log" >&2 2>/dev/null; return 1; }
  for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  export RECOVERYDESK_TEST_IMAP="127.0.0.1:$port $dir/users"
  echo "Dovecot on 127.0.0.1:$port"
}

stop_services() {
  if [ -f "$services_dir/dovecot/dovecot.conf" ]; then /usr/sbin/dovecot -c "$services_dir/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true; fi
  if [ -n "${RECOVERYDESK_TEST_REDIS:-}" ]; then redis-cli -p "${RECOVERYDESK_TEST_REDIS##*:}" shutdown nosave >/dev/null 2>&1 || true; fi
  if [ -d "$services_dir/postgres" ]; then as_postgres "$(pg_bin)/pg_ctl" -D "$services_dir/postgres" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$services_dir"
}
trap stop_services EXIT
