#!/usr/bin/env bash
# Installs the Debian packages the real SIP test stack needs (test/sip/*.ts), only when missing.
# Idempotent and quick when everything is present (one `dpkg -s`, no network).
#
# rtpengine-daemon, NOT the `rtpengine` metapackage: that one pulls a DKMS kernel-module build,
# and the tests run rtpengine in userspace only (--table=-1).
# sip-tester is the Debian name of sipp.
set -euo pipefail

packages=(
  kamailio
  kamailio-websocket-modules
  rtpengine-daemon
  baresip-core
  sox
  espeak-ng
  chromium
  sip-tester
  iptables
)

missing=()
for pkg in "${packages[@]}"; do
  # `dpkg -s` exits 0 for removed-but-not-purged packages too, so check the status line.
  if ! dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}; run this script as root" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all SIP test packages present"
fi

# The packages may have started system daemons that hold 5060/2223. The tests run in their own
# network namespace and start their own foreground copies, so the system ones are only in the way.
# Errors are ignored: without a running systemd (containers) there is nothing to stop.
if command -v systemctl >/dev/null 2>&1; then
  for unit in kamailio rtpengine-daemon rtpengine; do
    systemctl stop "$unit" >/dev/null 2>&1 || true
    systemctl disable "$unit" >/dev/null 2>&1 || true
  done
fi
