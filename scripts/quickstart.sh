#!/usr/bin/env bash
# Installs what mixfit needs, builds it, and runs the quickstart experiment.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
./build/bin/mixfit run configs/quickstart.yaml --force
