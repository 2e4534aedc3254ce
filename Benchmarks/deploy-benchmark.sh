#!/usr/bin/env bash
# The seed's deploy against moto, this library and the AWS CLI side by side (issue 8).
#   bash Benchmarks/deploy-benchmark.sh
# Starts moto on a free loopback port (SigV4 and IAM checks on), exports the deploy user's keys
# as a GitLab job would have them, runs the DeployBenchmarks target, and stops moto.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
bash "$root/.ci/install-deps"
command -v aws >/dev/null 2>&1 || python3 -m pip install --quiet "awscli==1.45.11"
command -v zip >/dev/null 2>&1 || { apt-get install -y -qq zip >/dev/null; }

state="$(mktemp -d)"
cleanup() {
  bash "$root/.ci/moto.sh" stop --pidfile "$state/moto.pid" 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT
port="$(bash "$root/.ci/moto.sh" start --pidfile "$state/moto.pid" --portfile "$state/moto.port" --log "$state/moto.log" --managed-policies)"
python3 "$root/.ci/moto-fixture.py" "http://127.0.0.1:$port" > "$state/keys.env"
# shellcheck disable=SC1091
. "$state/keys.env"
export AWS_ACCESS_KEY_ID="$DEPLOY_TEST_ADMIN_ACCESS_KEY_ID" AWS_SECRET_ACCESS_KEY="$DEPLOY_TEST_ADMIN_SECRET_ACCESS_KEY"
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_REGION=us-east-1
cd "$here"
swift package --disable-sandbox benchmark --target DeployBenchmarks "$@"
