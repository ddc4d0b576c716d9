#!/usr/bin/env bash
# msgfmt -c --statistics on every translation; fails on errors. Run: check-po.sh SOURCE_ROOT
set -eu
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
status=0
n=0
for po in "$top"/po/*.po "$top"/help/*/*.po; do
  [ -f "$po" ] || continue
  n=$((n + 1))
  msgfmt -c --statistics -o /dev/null "$po" || status=1
done
echo "checked $n translation files"
exit $status
