#!/bin/sh
# The X session of the kiosk user: no desktop, no screen blanking, the kiosk service in front.
xset s off -dpms
exec systemctl --user start --wait madoguchi-kiosk.service
