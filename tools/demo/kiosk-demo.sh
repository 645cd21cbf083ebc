#!/usr/bin/env bash
# The kiosk demo: a virtual My Number card (mynacard-sim, PIN 1234) in a virtual reader on a
# pcscd of our own, and the kiosk in front of it. pcscd 1.9.9 always listens on
# /run/pcscd/pcscd.comm, so the demo runs in its own mount namespace with a tmpfs there and
# never touches a pcscd the machine already runs. Needs root (unshare, mount).
#   tools/demo/kiosk-demo.sh BUILD_DIR
# With a display the kiosk opens in a window; without one, the demo plays a citizen reading
# the card under Xvfb and writes a screenshot of each step to BUILD_DIR/demo/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: kiosk-demo.sh BUILD_DIR}" && pwd)
port=${MADOGUCHI_DEMO_VPCD_PORT:-35963}

if [ -z "${MADOGUCHI_DEMO_NAMESPACE:-}" ]; then
    MADOGUCHI_DEMO_NAMESPACE=1 exec unshare --mount --propagation private "$0" "$build"
fi

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -n "${MADOGUCHI_DEMO_KEEP:-}" ] && cp "$work"/*.log "$build/demo/" 2>/dev/null; rm -rf "$work"
}
trap cleanup EXIT

mkdir -p /run/pcscd
mount -t tmpfs tmpfs /run/pcscd
cat > "$work/reader.conf" <<CONF
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:$port
LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
CONF
pcscd -f -c "$work/reader.conf" >"$work/pcscd.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.1; done
"$build/bin/mynacard-sim" --profile "$root/tools/mynacard-sim/example_profile.toml" --port "$port" \
    >"$work/sim.log" 2>&1 &
pids+=($!)

kiosk=("$build/bin/madoguchi" --config "$root/installer/terminal.toml")
if [ -n "${DISPLAY:-}" ]; then
    echo "The virtual card is in the reader; its PIN is 1234. Close the window to stop."
    "${kiosk[@]}" --windowed 1920x1080
    exit 0
fi

out="$build/demo"
mkdir -p "$out"
xvfb-run -a -s '-screen 0 1920x1080x24' "$root/tools/demo/play-citizen.sh" "$out" "${kiosk[@]}"
