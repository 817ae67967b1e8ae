#!/usr/bin/env bash
# Installs the Pitwall lift bridge on a Debian-based board (Raspberry Pi OS, Debian, Ubuntu), as root:
#
#   sudo PITWALL_BRIDGE_ID=lift-1 PITWALL_BRIDGE_SECRET=… PITWALL_BRIDGE_SERVER_URL=mqtt://station:1883 \
#        deploy/install-bridge.sh [--no-pcsc] [--ccid-escape] [--no-start]
#
#   --no-pcsc      sensors only: no pcscd, no nfc-pcsc build (the bridge installs and runs without it)
#   --ccid-escape  let pcscd's CCID driver pass the ACR122U LED/buzzer commands with no card present
#                  (edits libccid's Info.plist; repeat after a libccid upgrade)
#   --no-start     install and enable, but do not start now
#
# Run it again to upgrade: the code is replaced, the configuration and the outbox are kept.
set -euo pipefail

PCSC=1 CCID_ESCAPE=0 START=1
for arg in "$@"; do
  case "$arg" in
    --no-pcsc) PCSC=0 ;;
    --ccid-escape) CCID_ESCAPE=1 ;;
    --no-start) START=0 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

[ "$(id -u)" = 0 ] || { echo "run as root (sudo)" >&2; exit 1; }
command -v apt-get >/dev/null || { echo "this script is for Debian-based systems (apt-get not found)" >&2; exit 1; }

HERE="$(cd "$(dirname "$0")" && pwd)"
SOURCE="$(cd "$HERE/../firmware-bridge" && pwd)"
APP=/opt/pitwall-bridge
ETC=/etc/pitwall-bridge
USER_NAME=pitwall-bridge

echo "== packages"
PACKAGES=(nodejs npm gpiod)
[ "$PCSC" = 1 ] && PACKAGES+=(pcscd libpcsclite-dev libccid pcsc-tools build-essential python3)
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${PACKAGES[@]}"

NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$NODE_MAJOR" -lt 20 ]; then
  echo "Node.js $(node --version) is too old: the bridge needs Node.js 20.19 or newer." >&2
  echo "Debian 13 and Raspberry Pi OS based on it ship 20.x; on Debian 12 install Node.js 20 from another source first." >&2
  exit 1
fi

echo "== user $USER_NAME"
getent group gpio >/dev/null || groupadd --system gpio
getent group plugdev >/dev/null || groupadd --system plugdev
if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/pitwall-bridge --no-create-home --shell /usr/sbin/nologin --user-group "$USER_NAME"
fi
usermod -a -G plugdev,gpio "$USER_NAME"

echo "== code in $APP"
mkdir -p "$APP"
# Replace the code, keep nothing else there (the outbox lives in /var/lib/pitwall-bridge).
find "$APP" -mindepth 1 -maxdepth 1 ! -name node_modules -exec rm -rf {} +
(cd "$SOURCE" && tar --exclude=node_modules --exclude=data -cf - .) | (cd "$APP" && tar --no-same-owner -xf -)
cd "$APP"
if [ "$PCSC" = 1 ]; then
  npm install --omit=dev --no-audit --no-fund
  if ! node -e "require('nfc-pcsc')" 2>/dev/null; then
    echo "warning: nfc-pcsc did not build; PC/SC readers will report ok:false (see $APP/README.md)" >&2
  fi
else
  npm install --omit=dev --omit=optional --no-audit --no-fund
fi
chown -R root:root "$APP"

echo "== configuration in $ETC"
install -d -m 0750 -o root -g "$USER_NAME" "$ETC"
if [ ! -f "$ETC/config.json" ]; then
  install -m 0640 -o root -g "$USER_NAME" "$HERE/bridge-config.example.json" "$ETC/config.json"
  # Fill in what was given on the command line (node writes the JSON: no quoting accidents).
  PCSC="$PCSC" node -e '
    const fs = require("fs"); const path = process.argv[1];
    const config = JSON.parse(fs.readFileSync(path, "utf8"));
    const set = (key, variable) => { if (process.env[variable]) config[key] = process.env[variable]; };
    set("bridgeId", "PITWALL_BRIDGE_ID"); set("secret", "PITWALL_BRIDGE_SECRET"); set("serverUrl", "PITWALL_BRIDGE_SERVER_URL");
    if (process.env.PCSC === "0") config.readers = [];
    fs.writeFileSync(path, JSON.stringify(config, null, 2) + "\n");
  ' "$ETC/config.json"
  echo "wrote $ETC/config.json: check the readers and sensors (GPIO lines) before starting"
fi

echo "== udev, kernel modules, polkit"
install -m 0644 "$HERE/60-pitwall-bridge.rules" /etc/udev/rules.d/60-pitwall-bridge.rules
install -m 0644 "$HERE/pitwall-nfc-blacklist.conf" /etc/modprobe.d/pitwall-nfc-blacklist.conf
modprobe -r pn533_usb pn533 nfc 2>/dev/null || true
if [ -d /etc/polkit-1/rules.d ]; then
  install -m 0644 "$HERE/50-pitwall-bridge-pcscd.rules" /etc/polkit-1/rules.d/50-pitwall-bridge-pcscd.rules
fi
udevadm control --reload-rules && udevadm trigger || true

if [ "$PCSC" = 1 ]; then
  if [ "$CCID_ESCAPE" = 1 ]; then
    PLIST="$(find /usr/lib -path '*ifd-ccid.bundle/Contents/Info.plist' 2>/dev/null | head -n1)"
    if [ -n "$PLIST" ]; then
      cp -n "$PLIST" "$PLIST.pitwall-orig"
      # ifdDriverOptions bit 0 (DRIVER_OPTION_CCID_EXCHANGE_AUTHORIZED) allows SCardControl escapes.
      perl -0pi -e 's|(<key>ifdDriverOptions</key>\s*<string>)0x[0-9A-Fa-f]+(</string>)|${1}0x0001${2}|' "$PLIST"
      echo "enabled CCID escape commands in $PLIST"
    fi
  fi
  systemctl enable --now pcscd.socket 2>/dev/null || systemctl restart pcscd || true
fi

echo "== service"
install -m 0644 "$HERE/pitwall-bridge.service" /etc/systemd/system/pitwall-bridge.service
systemctl daemon-reload
systemctl enable pitwall-bridge.service
if [ "$START" = 1 ]; then
  if grep -q '"paste the secret' "$ETC/config.json"; then
    echo "not started: set the secret in $ETC/config.json, then: systemctl start pitwall-bridge" >&2
  else
    systemctl restart pitwall-bridge.service
    echo "started; follow it with: journalctl -u pitwall-bridge -f"
  fi
fi
