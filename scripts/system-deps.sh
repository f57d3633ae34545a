#!/usr/bin/env bash
# Installs the Debian packages casepack uses, if they are missing (the machines run as root).
#   run:   what building documents needs (the PDFs' font; a fallback font for emoji; HarfBuzz's
#          subsetter, which WeasyPrint uses to embed fonts several times faster than its fallback in Python)
#   test:  run, plus poppler-utils (PDF pages to pictures) and Debian's Chromium for the web page's
#          browser tests (Playwright's own browser download cannot work here)
#   bench: run, plus LibreOffice (the route the benchmark compares against); the tests use it too,
#          to count the pages of Word files
#
# Every presence test captures a command's whole output before looking at it: no pipeline into
# `grep -q`, whose early exit can kill the writer with SIGPIPE and, under pipefail, make a package
# that is there look missing. Nothing that is already there makes this script call apt-get.
set -euo pipefail
mode="${1:-run}"
need=()

# A Debian package is installed (not merely known to dpkg, or removed with its config files kept).
have_package() {
  local status
  status="$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" || return 1
  [ "$status" = installed ]
}

# fontconfig resolves this family to itself, not to a fallback (fc-match always answers something).
have_font() {
  local family
  command -v fc-match >/dev/null || return 1
  family="$(fc-match -f '%{family}' "$1" 2>/dev/null)" || return 1
  [[ ",$family," == *",$1,"* ]]
}

# The dynamic linker knows this shared library.
have_library() {
  local libraries
  libraries="$(ldconfig -p 2>/dev/null)" || return 1
  [[ "$libraries" == *"$1 "* ]]
}

# Liberation Sans is the PDFs' font: the Word documents' Arial in shape and width, and cheaper for
# WeasyPrint to lay out and embed than DejaVu Sans.
have_font "Liberation Sans" || have_package fonts-liberation2 || need+=(fonts-liberation2)
# Emoji in names and notes: without a font that has them, a PDF shows empty boxes.
have_font "Noto Color Emoji" || have_package fonts-noto-color-emoji || need+=(fonts-noto-color-emoji)
have_library libharfbuzz-subset.so.0 || have_package libharfbuzz-subset0 || need+=(libharfbuzz-subset0)
if [ "$mode" = test ]; then
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  # The tests open the blank and filled workbooks in LibreOffice Calc, as an administrator may.
  have_package libreoffice-calc-nogui || have_package libreoffice-calc || need+=(libreoffice-calc-nogui)
fi
if [ "$mode" = bench ] || [ "$mode" = test ]; then
  # The benchmark compares against LibreOffice; the tests count the pages a Word file lays out to with it.
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
fi
[ ${#need[@]} -eq 0 ] && exit 0

command_line="apt-get update && apt-get install ${need[*]}"
missing() {
  echo "casepack: missing Debian package(s): ${need[*]}. $1; install them with: sudo sh -c '$command_line'" >&2
  exit 1
}
[ "$(id -u)" = 0 ] || missing "Installing them needs root"
command -v apt-get >/dev/null || missing "apt-get is not available here"
echo "installing ${need[*]}"
apt-get update -qq || missing "apt-get update failed (no package mirror reachable?)"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || missing "apt-get install failed"
