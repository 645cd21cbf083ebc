#!/usr/bin/env bash
# The foundation's figures, each next to its baseline measured in the same run under one Xvfb:
#   idle CPU on the attract screen (goal <= 1 % of one core) vs a plain ImGui loop;
#   start to first frame, font atlas included (goal <= 0.5 s), and peak RSS (goal <= 150 MB).
# Usage: bench/kiosk_shell.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
config="$root/installer/terminal.toml"
kiosk=("$build/bin/madoguchi" --config "$config" --windowed 1920x1080)
plain=("$build/bin/plain_imgui_loop")
measure="$build/bin/process_bench"

if [ -z "${BENCH_UNDER_XVFB:-}" ]; then
    BENCH_UNDER_XVFB=1 exec xvfb-run -a -s '-screen 0 1920x1080x24' "$0" "$build"
fi

echo "== idle CPU, 3 s warm-up then 10 s"
echo -n "kiosk attract screen:  "; "$measure" idle 3 10 -- "${kiosk[@]}"
echo -n "plain ImGui loop:      "; "$measure" idle 3 10 -- "${plain[@]}"

echo "== start to first frame and exit (--frames 1), 7 runs"
echo -n "kiosk:                 "; "$measure" startup 7 -- "${kiosk[@]}" --frames 1
echo -n "plain ImGui loop:      "; "$measure" startup 7 -- "${plain[@]}" --frames 1
echo -n "kiosk first frame (its own log, ms since main): "
"${kiosk[@]}" --frames 1 2>&1 | sed -n 's/.*event=first_frame ms_since_start=\([0-9]*\).*/\1/p'
