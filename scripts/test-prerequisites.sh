#!/usr/bin/env bash
# What the integration tests need from Debian, installed when missing. Run by
# `./mvnw verify` before the integration tests (and by .ci/run through it).
# As root it installs them (apt-get update first); otherwise it stops with one
# line that names them.
set -euo pipefail

missing=()
# Dovecot is the real-world IMAP/POP3 peer of the integration tests (a private instance they start).
[ -x "${MAILCELLAR_DOVECOT_BIN:-/usr/sbin/dovecot}" ] || missing+=(dovecot-imapd dovecot-pop3d)
# The dashboard's browser tests drive Debian's headless Chromium through its ChromeDriver.
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The integration tests need the Debian packages ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' (or run the tests as root, which installs them), then again." >&2
  exit 1
fi
echo "Installing what the integration tests need: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
# The package may start a system-wide Dovecot; the tests run their own.
service dovecot stop >/dev/null 2>&1 || true
