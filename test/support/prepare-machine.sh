#!/usr/bin/env bash
# Runs before `npm test`: makes sure the real parts the tests use are here:
# Debian's Chromium (console end-to-end tests), openssl (test certificates), PostgreSQL on 127.0.0.1:5432
# with a database "test" (store suite), and the brokers the bus transports are tested against
# (Redis :6379, RabbitMQ :5672, Mosquitto :1883, NATS with JetStream :4222), each started with the
# machine's own command when it is not answering. Idempotent and quick when all is present.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "prepare-machine: please install: ${need_apt[*]}" >&2; exit 1; fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test' >/dev/null

# The brokers: installed with the machine, started here when not answering, then waited for.
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
start_broker() {
  local name="$1" port="$2"; shift 2
  answers "$port" && return 0
  if ! command -v "$1" >/dev/null 2>&1; then echo "prepare-machine: $name is not installed ($1 not found)" >&2; exit 1; fi
  echo "prepare-machine: starting $name" >&2
  "$@" >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do answers "$port" && return 0; sleep 1; done
  echo "prepare-machine: $name did not answer on 127.0.0.1:$port" >&2
  exit 1
}
start_broker Redis 6379 redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
  --dir /var/lib/redis --logfile /var/log/redis/ci.log
start_broker RabbitMQ 5672 rabbitmq-server -detached
start_broker Mosquitto 1883 mosquitto -d -c /etc/mosquitto/mosquitto.conf
start_broker NATS 4222 start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
  -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
# RabbitMQ opens its port before it takes AMQP logins; wait until it runs its apps.
if command -v rabbitmqctl >/dev/null 2>&1; then
  rabbitmqctl await_startup --timeout 60 >/dev/null 2>&1 || { echo "prepare-machine: RabbitMQ did not finish starting" >&2; exit 1; }
fi
