#!/usr/bin/env bash
# Serve the portal on http://127.0.0.1:$PORT/ (8000 by default: `make run PORT=8123`).
# With REDIS_URL set, also start a Celery worker and beat (stopped again when the
# server stops).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
if [ -n "${REDIS_URL:-}" ]; then
  echo "REDIS_URL is set: starting a Celery worker and beat (logs in var/log/)."
  mkdir -p var/log
  $BIN/celery -A etwinning worker --loglevel=INFO -Q default,mail,bulletin >var/log/worker.log 2>&1 &
  pids+=($!)
  $BIN/celery -A etwinning beat --loglevel=INFO >var/log/beat.log 2>&1 &
  pids+=($!)
else
  echo "No REDIS_URL: Celery tasks run eagerly inside the web process."
fi
PORT=${PORT:-8000}
echo "Serving the portal on http://127.0.0.1:$PORT/ (Ctrl-C stops it)"
$BIN/python manage.py runserver "127.0.0.1:$PORT" --noreload
