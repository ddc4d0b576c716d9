#!/usr/bin/env bash
# Builds the libFuzzer targets in tests/fuzz with clang (AddressSanitizer + UBSan) and runs each
# for a bounded time on its seed corpus. Usage: fuzz.sh [SECONDS_PER_TARGET]. Crashes are written
# to _fuzz/ and fail the run. With RESULTS=FILE set, appends "OK name" or "FAIL name" per target.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
seconds=${1:-30}
out="$top/_fuzz"
mkdir -p "$out"

cflags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I$top/_build -I$top/app -I$top/app/core -I$top/app/store -I$top/app/phone $(pkg-config --cflags gio-2.0 libsecret-1 sqlite3)"
libs="$(pkg-config --libs gio-2.0 libsecret-1 sqlite3)"

build () {
  local name=$1; shift
  clang $cflags -o "$out/$name" "$top/tests/fuzz/$name.c" "$@" $libs
}

build fuzz-provision "$top/app/core/hl-provision.c" "$top/app/core/hl-secret-store.c" "$top/app/core/hl-disposition.c"
build fuzz-fts-query "$top/app/store/hl-store-search.c"
build fuzz-sip-message "$top/app/phone/hl-sip-message.c" "$top/app/phone/hl-sip-uri.c" "$top/app/phone/hl-sip-digest.c"
build fuzz-cable-frame "$top/app/backend/hl-cable-frame.c" "$top/app/backend/hl-chatwoot-event.c" \
  -I"$top/app/backend" $(pkg-config --cflags --libs json-glib-1.0)
build fuzz-html "$top/app/inbox/hl-html.c" -I"$top/app/inbox"
build fuzz-chatwoot-json "$top/app/backend/hl-chatwoot-json.c" "$top/app/backend/hl-backend-error.c" \
  -I"$top/app/backend" $(pkg-config --cflags --libs json-glib-1.0)

status=0
for target in fuzz-provision fuzz-fts-query fuzz-sip-message fuzz-cable-frame fuzz-chatwoot-json fuzz-html; do
  corpus="$top/tests/fuzz/corpus/${target#fuzz-}"
  work="$out/corpus-${target#fuzz-}"
  mkdir -p "$work"
  dict=()
  [ -f "$top/tests/fuzz/${target#fuzz-}.dict" ] && dict=(-dict="$top/tests/fuzz/${target#fuzz-}.dict")
  echo "== $target for ${seconds}s"
  if ! "$out/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 "${dict[@]}" \
       -artifact_prefix="$out/$target-" "$work" "$corpus" 2>"$out/$target.log"; then
    echo "$target FAILED: see $out/$target.log"; tail -30 "$out/$target.log"; status=1
    [ -n "${RESULTS:-}" ] && echo "FAIL $target" >> "$RESULTS"
  else
    grep -aE "^#[0-9]+.*(DONE|pulse)" "$out/$target.log" | tail -1
    [ -n "${RESULTS:-}" ] && echo "OK $target" >> "$RESULTS"
  fi
done
exit $status
