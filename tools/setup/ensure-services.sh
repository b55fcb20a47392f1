#!/usr/bin/env bash
# Installs the real services the tests and the demo start themselves, from Debian:
# Prometheus 2.42 (+ promtool), InfluxDB 1.6, Chromium for the browser checks of the reports,
# and amtool (prometheus-alertmanager) to check the Alertmanager config. Neither package starts a daemon
# that loadlab relies on: tests and the demo run their own, on 127.0.0.1, by PID.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
command -v prometheus >/dev/null && command -v promtool >/dev/null || missing+=(prometheus)
command -v influxd >/dev/null || missing+=(influxdb)
command -v chromium >/dev/null || missing+=(chromium)
command -v amtool >/dev/null || missing+=(prometheus-alertmanager)
if [ ${#missing[@]} -gt 0 ]; then
  apt_install "${missing[@]}"
fi
# The Debian packages may start system services on install; loadlab does not use them.
for svc in prometheus influxdb prometheus-node-exporter prometheus-alertmanager; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then
    say "stopping the system $svc service (loadlab starts its own on free ports)"
    systemctl stop "$svc" || true
  fi
done
