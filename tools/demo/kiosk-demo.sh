#!/usr/bin/env bash
# The kiosk demo: the embedded city server (madoguchi-server on SQLite, with a city PKI made for
# the demo), a virtual My Number card (mynacard-sim, PIN 1234) in a virtual reader on a pcscd of
# our own, and the kiosk in front of them. pcscd 1.9.9 always listens on
# /run/pcscd/pcscd.comm, so the demo runs in its own mount namespace with a tmpfs there and
# never touches a pcscd the machine already runs. Needs root (unshare, mount).
#   tools/demo/kiosk-demo.sh BUILD_DIR
# With a display the kiosk opens in a window; without one, the demo plays a citizen taking a
# ticket, reading the card, choosing a form and taking its ticket under Xvfb and writes a screenshot of each step to BUILD_DIR/demo/.
# Tickets print to a file printer; the last one is drawn by escpos-render to BUILD_DIR/demo/ticket.png.
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

# The embedded server: one site's worth of city backend on this machine, over mTLS like any.
server="$build/bin/madoguchi-server"
"$server" pki init --dir "$work/pki" >/dev/null
"$server" pki issue-terminal --dir "$work/pki" --role kiosk --site chuo --name demo-kiosk >/dev/null
head -c 32 /dev/urandom >"$work/terminal.key"
head -c 32 /dev/urandom >"$work/application.key"
chmod 600 "$work/terminal.key" "$work/application.key"
cat >"$work/server.toml" <<CONF
[listen]
address = "127.0.0.1"
port = 18443
[tls]
certificate = "$work/pki/server.crt"
key = "$work/pki/server.key"
client_ca = "$work/pki/ca.crt"
[storage]
url = "sqlite:$work/server.db"
[catalog]
services = "$root/assets/services.toml"
[signing]
key_dir = "$work/keys"
[status]
base_url = "https://127.0.0.1:18444/t/"
listen_port = 18444
CONF
"$server" --config "$work/server.toml" >"$work/server.log" 2>&1 &
pids+=($!)

# The receipt printer is a file: each ticket's ESC/POS bytes land in $out/ticket.bin, and
# escpos-render shows what a printer would have printed.
out="$build/demo"
mkdir -p "$out"
rm -f "$out/ticket.bin" "$out/ticket.png"
sed -e "s|^url = .*|url = \"https://127.0.0.1:18443\"|" \
    -e "s|^ca_certificate = .*|ca_certificate = \"$work/pki/ca.crt\"|" \
    -e "s|^certificate = .*|certificate = \"$work/pki/terminals/demo-kiosk.crt\"|" \
    -e "s|^key = .*|key = \"$work/pki/terminals/demo-kiosk.key\"|" \
    -e "s|^outbox = .*|outbox = \"$work/outbox.db\"|" \
    -e "s|^terminal_key = .*|terminal_key = \"$work/terminal.key\"|" \
    -e "s|^application_key = .*|application_key = \"$work/application.key\"|" \
    -e "s|^connection = .*|connection = \"file:$out/ticket.bin\"|" \
    "$root/installer/terminal.toml" >"$work/terminal.toml"
kiosk=("$build/bin/madoguchi" --config "$work/terminal.toml")
for _ in $(seq 50); do "${kiosk[@]}" doctor >"$work/doctor.txt" 2>&1 || true; grep -q "ok    server" "$work/doctor.txt" && break; sleep 0.2; done
echo "madoguchi doctor, for the demo terminal:"
sed 's/^/  /' "$work/doctor.txt"
if [ -n "${DISPLAY:-}" ]; then
    echo "The virtual card is in the reader; its PIN is 1234. Close the window to stop."
    "${kiosk[@]}" --windowed 1920x1080
else
    xvfb-run -a -s '-screen 0 1920x1080x24' "$root/tools/demo/play-citizen.sh" "$out" "${kiosk[@]}"
fi
if [ -s "$out/ticket.bin" ]; then
    profile=$(sed -n 's/^profile = "\(.*\)"/\1/p' "$work/terminal.toml")
    "$build/bin/escpos-render" --profile "$root/assets/printers/$profile.toml" "$out/ticket.bin" "$out/ticket.png"
    echo "What the printer printed (the last ticket): $out/ticket.png"
fi
