#!/usr/bin/env bash
# Plays a citizen at the kiosk under Xvfb: start, read the card, type the PIN, see the summary.
# Taps where a person would, on a 1920x1080 screen; a screenshot after every step.
#   play-citizen.sh OUT_DIR KIOSK_COMMAND...
set -euo pipefail
out=$1
shift
"$@" --windowed 1920x1080 2>"$out/kiosk.log" &
kiosk=$!
trap 'kill $kiosk 2>/dev/null || true' EXIT
sleep 2

step=0
shot() {
    step=$((step + 1))
    sleep "${2:-1}"
    import -window root "$out/$step-$1.png"
    echo "  $out/$step-$1.png"
}
tap() {
    xdotool mousemove "$1" "$2" click 1
}

shot attract 0
tap 960 572            # タッチしてはじめる
shot menu
tap 960 428            # マイナンバーカードを読み取る
shot pin 2
# The keypad's keys are 230x150 px, 20 px apart, from (1050, 96): 1 2 3 / 4 5 6 / ... / 消去 0 決定.
tap 1165 171; tap 1415 171; tap 1665 171; tap 1165 341   # 1 2 3 4, the virtual card's PIN
shot pin-typed
tap 1665 681           # 決定
shot summary 3
