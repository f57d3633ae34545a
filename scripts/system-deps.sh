#!/usr/bin/env bash
# Installs the Debian packages the tests need, if they are missing (the machines run as root).
set -euo pipefail
need=()
command -v pdftoppm >/dev/null || need+=(poppler-utils)
fc-list | grep -qi "DejaVu Sans" || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
