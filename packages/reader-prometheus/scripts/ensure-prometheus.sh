#!/bin/sh
# Makes `promtool` and `prometheus` available for the end-to-end tests of
# @meterkit/reader-prometheus: installs Debian's `prometheus` package when either is missing.
# Needs root (or sudo) and network access to the Debian mirrors. Safe to run repeatedly.
set -eu

if command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; then
  echo "ensure-prometheus: $(prometheus --version 2>&1 | head -n 1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-prometheus: not root and no sudo; cannot install the prometheus package" >&2
    exit 1
  fi
fi

echo "ensure-prometheus: installing Debian's prometheus package"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends prometheus

# The package may start a system service on hosts with an init system; the tests run their
# own server on a free loopback port, so it is not needed (and not touched) here.
command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1
echo "ensure-prometheus: $(prometheus --version 2>&1 | head -n 1)"
