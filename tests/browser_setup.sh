#!/usr/bin/env bash
# Installs the browser the HTML-report test renders in (Debian's Chromium), when it can.
set -u
command -v chromium >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 \
        || echo "browser_setup: could not install chromium; the browser test will be skipped"
fi
exit 0
