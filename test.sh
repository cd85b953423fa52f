#!/usr/bin/env bash
# The test command: installs what the tests need, builds everything, runs every test.
# Usage: ./test.sh [extra `dotnet test` arguments, e.g. --filter FullyQualifiedName~Outbox]
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use, as "command-or-path:package". Chromium drives the dashboard's browser tests; it needs a font to render text.
deps=("mosquitto_pub:mosquitto-clients" "mosquitto:mosquitto" "chromium:chromium" "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core")
missing=()
for dep in "${deps[@]}"; do
  have="${dep%%:*}"
  if [[ "$have" == /* ]]; then [ -e "$have" ]; else command -v "$have" >/dev/null 2>&1; fi || missing+=("${dep##*:}")
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

dotnet build NmoPoc.sln -c Release -nologo -clp:ErrorsOnly

results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test NmoPoc.sln -c Release --no-build -nologo --results-directory "$results" \
  --logger "trx" --logger "console;verbosity=minimal" "$@" || status=$?

# One closing line over all test assemblies; a skipped test is a failure here.
python3 - "$results" <<'PY' || status=1
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns).attrib
    passed += int(c["passed"]); failed += int(c["failed"]) + int(c["error"]) + int(c["timeout"]) + int(c["aborted"])
    skipped += int(c["notExecuted"])
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or skipped or passed == 0 else 0)
PY
exit $status
