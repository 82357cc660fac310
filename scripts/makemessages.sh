#!/usr/bin/env bash
# Refresh the translation catalogues (needs GNU gettext: apt-get install gettext).
# Each app keeps its own catalogue in <app>/locale; templates/ and etwinning/ use locale/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
LANGS=(-l nl -l de -l en)
APPS=$(ls -d accounts partners projects labels bulletins trainings portal certificates kits groups notifications 2>/dev/null || true)
ignores=()
for app in $APPS; do
  ignores+=(--ignore "$app/*")
  mkdir -p "$app/locale"
  (cd "$app" && ../$PY ../manage.py makemessages "${LANGS[@]}" --no-obsolete --no-location \
     --ignore 'tests/*' --ignore 'migrations/*')
done
$PY manage.py makemessages "${LANGS[@]}" --no-obsolete --no-location "${ignores[@]}" \
  --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'scripts/*'
