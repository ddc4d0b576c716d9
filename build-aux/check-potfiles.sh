#!/usr/bin/env bash
# Fails when a file with translatable strings is missing from po/POTFILES.in, or when POTFILES.in
# names a file that doesn't exist. Run from anywhere: check-potfiles.sh SOURCE_ROOT
set -eu
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"
status=0
listed=$(grep -v -e '^#' -e '^$' po/POTFILES.in | sort)
found=$( { grep -rlE '(^|[^A-Za-z0-9_])(N?_|C_|NC_|g_dngettext|ngettext)\(' --include='*.c' app;
           grep -rl 'translatable="yes"' --include='*.ui' app;
           ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml; } | sort -u)
missing=$(comm -13 <(echo "$listed") <(echo "$found"))
stale=$(for f in $listed; do [ -f "$f" ] || echo "$f"; done)
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES.in:"; echo "$missing"; status=1
fi
if [ -n "$stale" ]; then
  echo "po/POTFILES.in names files that don't exist:"; echo "$stale"; status=1
fi
[ $status -eq 0 ] && echo "po/POTFILES.in lists all $(echo "$listed" | wc -l) files with translatable strings"
exit $status
