#!/usr/bin/env bash
# Installs what is missing, builds, and runs Helpline from the build tree on the local workspace.
# Arguments go to helpline (for example --demo for the demo workspace).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")

"$here/setup.sh" "$top/_build"

export GSETTINGS_SCHEMA_DIR="$top/_build/data"
export HL_LOCALEDIR="$top/_build/po"
exec "$top/_build/app/helpline" "$@"
