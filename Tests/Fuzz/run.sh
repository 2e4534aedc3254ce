#!/usr/bin/env bash
# Runs LambdaDeployKit's fuzz targets under libFuzzer with AddressSanitizer.
#
#   Tests/Fuzz/run.sh [TARGET|all] [SECONDS] [RUNS]
#
# TARGET: one of the FuzzTarget cases (zipReader, yamlComposer, …), or all (the default).
# Each target runs from a copy of its seed corpus (Tests/Fuzz/Corpus/TARGET) until SECONDS
# (default 10) have passed or RUNS executions (default: unlimited) were made. New inputs stay in
# the work folder ($FUZZ_WORK, default .build-fuzz/work); a crash leaves its input in
# $FUZZ_WORK/crashes/TARGET/ and fails the script: copy it to Tests/Fuzz/Crashers/TARGET/, where
# the unit tests replay it, and fix the bug. Prints one summary line per target.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:-all}"
seconds="${2:-10}"
runs="${3:--1}"
scratch="$here/.build-fuzz"
work="${FUZZ_WORK:-$scratch/work}"

swift build --package-path "$here" -c release --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
binary="$scratch/release/deploy-fuzz"

if [ "$target" = all ]; then
    targets=$(ls "$here/Corpus")
else
    targets="$target"
fi

status=0
for name in $targets; do
    corpus="$work/corpus/$name"
    crashes="$work/crashes/$name"
    mkdir -p "$corpus" "$crashes"
    cp -n "$here/Corpus/$name/"* "$corpus/" 2>/dev/null || true
    log="$work/$name.log"
    set +e
    DEPLOY_FUZZ_TARGET="$name" "$binary" "$corpus" -max_total_time="$seconds" -runs="$runs" -max_len=65536 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1
    result=$?
    set -e
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    coverage=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || echo 'cov: ?')
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
    found=$(ls "$crashes" | wc -l)
    echo "$name: $executions executions in ${seconds}s at most ($rate/s), $coverage, corpus $(ls "$corpus" | wc -l) inputs, crashes $found, exit $result"
    if [ "$result" -ne 0 ] || [ "$found" -ne 0 ]; then
        status=1
        tail -30 "$log" >&2
    fi
done
exit $status
