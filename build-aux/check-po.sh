#!/usr/bin/env bash
# Every translation: msgfmt -c --statistics must pass with 0 untranslated and 0 fuzzy messages;
# po/LINGUAS and help/LINGUAS must name exactly the .po files there are. With --against-sources,
# each po/*.po is also merged with a template extracted from the current sources (po/POTFILES.in),
# and each help/LL/LL.po with one extracted from help/C/*.page, so a string added to the code or
# the help without a translation fails too.
# Run: check-po.sh SOURCE_ROOT [--against-sources]
set -eu
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
against=${2:-}
status=0
n=0

check_stats () {   # FILE: msgfmt's statistics must say only "N translated messages."
  local stats
  if ! stats=$(LC_ALL=C msgfmt -c --statistics -o /dev/null "$1" 2>&1); then
    echo "$stats"; return 1
  fi
  echo "$1: $stats"
  case $stats in
    *untranslated*|*fuzzy*) echo "$1: every message must be translated and none fuzzy"; return 1 ;;
  esac
}

for dir in "$top/po" "$top/help"; do
  [ -f "$dir/LINGUAS" ] || continue
  linguas=$(grep -v -e '^#' -e '^$' "$dir/LINGUAS" | tr ' ' '\n' | grep -v '^$' | sort)
  if [ "$dir" = "$top/po" ]; then
    present=$(cd "$dir" && ls *.po 2>/dev/null | sed 's/\.po$//' | sort)
  else
    present=$(cd "$dir" && ls */*.po 2>/dev/null | cut -d/ -f1 | sort -u)
  fi
  if [ "$linguas" != "$present" ]; then
    echo "${dir#$top/}/LINGUAS names [$(echo $linguas)] but the translations are [$(echo $present)]"
    status=1
  fi
done

for po in "$top"/po/*.po "$top"/help/*/*.po; do
  [ -f "$po" ] || continue
  n=$((n + 1))
  check_stats "$po" || status=1
done

if [ "$against" = "--against-sources" ] && ls "$top"/po/*.po >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # The keywords of meson's i18n.gettext(preset: 'glib').
  (cd "$top" && xgettext --package-name=helpline --from-code=UTF-8 --add-comments \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dcgettext:2 \
     --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
     --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
     --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
     --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
     --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
     -f po/POTFILES.in -o "$tmp/helpline.pot")
  for po in "$top"/po/*.po; do
    merged="$tmp/$(basename "$po")"
    msgmerge --quiet --no-fuzzy-matching -o "$merged" "$po" "$tmp/helpline.pot"
    if ! check_stats "$merged" >/dev/null; then
      echo "po/$(basename "$po") lacks translations for strings in the current sources:"
      msgattrib --untranslated --no-obsolete --no-wrap "$merged" | grep '^msgid ' | grep -v '^msgid ""$' | head -40
      status=1
    fi
  done
fi

# The help translations against a template extracted from the current pages, the same way.
if [ "$against" = "--against-sources" ] && ls "$top"/help/*/*.po >/dev/null 2>&1 && command -v itstool >/dev/null; then
  tmp=${tmp:-$(mktemp -d)}
  trap 'rm -rf "$tmp"' EXIT
  (cd "$top/help" && itstool -o "$tmp/help.pot" C/*.page)
  for po in "$top"/help/*/*.po; do
    merged="$tmp/help-$(basename "$po")"
    msgmerge --quiet --no-fuzzy-matching -o "$merged" "$po" "$tmp/help.pot"
    if ! check_stats "$merged" >/dev/null; then
      echo "${po#$top/} lacks translations for text in the current help pages:"
      msgattrib --untranslated --no-obsolete "$merged" | grep '^msgid ' | grep -v '^msgid ""$' | head -40
      status=1
    fi
  done
fi

echo "checked $n translation files"
exit $status
