#!/usr/bin/env bash
# Refreshes docs/screenshots/: runs the browser tests that visit every dashboard page at 390 px (with demo data they
# seed themselves) and copies the screenshots they take (BrowserApp.PageShotAsync). Needs what scripts/test.sh installs (Chromium, axe-core).
set -euo pipefail
cd "$(dirname "$0")/.."
shots="${TMPDIR:-/tmp}/callrecover-browser-shots"
rm -f "$shots"/page-390-*.png
[ -f tests/CallRecover.BrowserTests/node_modules/axe-core/axe.min.js ] || npm ci --prefix tests/CallRecover.BrowserTests --no-audit --no-fund --silent
dotnet test tests/CallRecover.BrowserTests --filter "FullyQualifiedName~DashboardPagesBrowserTests.EveryPage|FullyQualifiedName~QuotesCustomersBrowserTests|FullyQualifiedName~AppointmentsBrowserTests" >/dev/null
mkdir -p docs/screenshots
for f in "$shots"/page-390-*.png; do cp "$f" "docs/screenshots/$(basename "$f" | sed 's/^page-390-//')"; done
ls docs/screenshots
