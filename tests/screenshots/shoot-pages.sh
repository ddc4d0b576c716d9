#!/usr/bin/env bash
# Saves a PNG of every page of Helpline in one language, for a person to look at: the inbox with a
# conversation open, the knowledge base with an article, the customers with a record, the
# wallboard, the phone pane with no account, and each page of Preferences. It runs the demo
# workspace under its own X server and D-Bus session, in throwaway folders.
#   tests/screenshots/shoot-pages.sh LANGUAGE [DIRECTORY] [BUILD_DIR]
# LANGUAGE is a code from po/LINGUAS ("ar", "zh_CN", …) or "" for English; DIRECTORY defaults to
# screenshots-LANGUAGE in the current folder; BUILD_DIR to _build. Prints the files written.
set -eu
if [ $# -lt 1 ]; then
  echo "usage: $0 LANGUAGE [DIRECTORY] [BUILD_DIR]" >&2
  exit 2
fi
lang=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(realpath -m "${2:-screenshots-${lang:-en}}")
build=$(realpath "${3:-$top/_build}")
[ -x "$build/tests/shoot-pages" ] || { echo "$build/tests/shoot-pages is not built (ninja -C $build)" >&2; exit 1; }
mkdir -p "$dir"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config XDG_CACHE_HOME=$work/cache \
  XDG_RUNTIME_DIR=$work/run
mkdir -p "$HOME" && mkdir -m 700 "$XDG_RUNTIME_DIR"
export GSETTINGS_SCHEMA_DIR=$build/data GSETTINGS_BACKEND=memory HL_LOCALEDIR=$build/po \
  GSK_RENDERER=cairo GDK_DEBUG=gl-disable GTK_A11Y=none NO_AT_BRIDGE=1 GIO_USE_PROXY_RESOLVER=dummy
unset LANGUAGE
export LANG=C.UTF-8
xvfb-run -a -s "-screen 0 1400x900x24 -nolisten tcp" dbus-run-session -- "$build/tests/shoot-pages" "$lang" "$dir"
