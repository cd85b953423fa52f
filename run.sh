#!/usr/bin/env bash
# Runs the NmoPoc host on its embedded defaults (HTTP API on 127.0.0.1:5080, MQTT broker on :1883, data in ./data).
#   ./run.sh                      run the host
#   ./run.sh --demo               also seed and run a synthetic 12-bed ward (virtual units in-process; docs/host.md "Demo mode")
#   ./run.sh units add unit-0001  provision a unit (prints its secret once); also: units list, units revoke <id>, dev-cert
# Any --NmoPoc:Key=value argument (or NmoPoc__Key env var) overrides a setting; see docs/host.md.
set -euo pipefail
cd "$(dirname "$0")"
# Build, then run from the repository root so relative paths (./data) mean what the docs say
# (`dotnet run` would run in the project directory).
dotnet build host/NmoPoc.Host -c Release -nologo -v q -clp:ErrorsOnly >&2
exec dotnet artifacts/bin/NmoPoc.Host/release/NmoPoc.Host.dll "$@"
