#!/usr/bin/env bash
# Installs the Debian packages casepack uses, if they are missing (the machines run as root).
#   run:   what building documents needs (the PDFs' font; HarfBuzz's subsetter, which WeasyPrint uses to embed
#          fonts several times faster than its fallback in Python)
#   test:  run, plus poppler-utils (PDF pages to pictures) and Debian's Chromium for the web page's
#          browser tests (Playwright's own browser download cannot work here)
#   bench: run, plus LibreOffice (the route the benchmark compares against); the tests use it too,
#          to count the pages of Word files
set -euo pipefail
mode="${1:-run}"
need=()
# Liberation Sans is the PDFs' font: the Word documents' Arial in shape and width, and cheaper for
# WeasyPrint to lay out and embed than DejaVu Sans.
fc-list | grep -qi "Liberation Sans" || need+=(fonts-liberation2)
ldconfig -p | grep -q libharfbuzz-subset.so.0 || need+=(libharfbuzz-subset0)
if [ "$mode" = test ]; then
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  [ -x /usr/bin/chromium ] || need+=(chromium)
fi
if [ "$mode" = bench ] || [ "$mode" = test ]; then
  # The benchmark compares against LibreOffice; the tests count the pages a Word file lays out to with it.
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "casepack needs these Debian packages: ${need[*]} (run as root, or install them: apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
