#!/usr/bin/env bash
# Plays a citizen at the kiosk under Xvfb: start, take a ticket, read the card, type the PIN, see
# the summary, choose a form, leave its questions for the counter, review, confirm, and take the
# ticket the form's service gives (no service to choose).
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
    # One tap per frame or two: taps in quicker succession can be lost on a busy machine.
    sleep 0.3
}

shot attract 0
tap 960 572            # タッチしてはじめる
shot menu
tap 528 443            # 番号札を取る
shot ticket-service
tap 535 355            # 住民票・印鑑登録・戸籍証明書
shot ticket-priority
tap 616 566            # 通常の番号札
shot ticket-take 3
tap 960 976            # メニューに戻る
shot menu-again
tap 1392 443           # マイナンバーカードを読む
shot pin 2
# The keypad's keys are 230x150 px, 20 px apart, from (1050, 96): 1 2 3 / 4 5 6 / ... / 消去 0 決定.
tap 1165 171; tap 1415 171; tap 1665 171; tap 1165 341   # 1 2 3 4, the virtual card's PIN
shot pin-typed
tap 1665 681           # 決定
shot summary 3
tap 960 976            # 確認しました
shot forms-choose
tap 534 670            # 住民票の写し等交付請求書
shot forms-chosen
tap 1590 976           # 次へ
shot forms-question
# とばす / 窓口で記入する, once per question; on the review that spot is empty and takes no tap.
for _ in $(seq 15); do tap 960 992; done
shot forms-review
tap 1440 976           # 確定して番号札を取る
shot forms-priority
tap 616 566            # 通常の番号札
shot forms-ticket-take 3
tap 960 976            # メニューに戻る
shot card-take
