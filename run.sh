#!/usr/bin/env bash
# Runs the NmoPoc host on its embedded defaults (HTTP API on 127.0.0.1:5080, MQTT broker on :1883, data in ./data).
#   ./run.sh                      run the host
#   ./run.sh --demo               also run a virtual ward (accepted and passed through; the ward comes later)
#   ./run.sh units add unit-0001  provision a unit (prints its secret once); also: units list, units revoke <id>, dev-cert
# Any --NmoPoc:Key=value argument (or NmoPoc__Key env var) overrides a setting; see docs/host.md.
set -euo pipefail
cd "$(dirname "$0")"
exec dotnet run -c Release --project host/NmoPoc.Host -- "$@"
