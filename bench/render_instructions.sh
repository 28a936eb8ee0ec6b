#!/bin/sh
# Instructions (callgrind, measured region only) to append 500 tokens to replies of 1k, 50k and
# 100k tokens, for each shape of bench_render. Needs valgrind; run from the source folder after
# scripts/build.sh.
set -eu
bench=${1:-build/bench/bench_render}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for shape in mixed code table; do
    first=
    for tokens in 1000 50000 100000; do
        QT_QPA_PLATFORM=offscreen valgrind --tool=callgrind --instr-atstart=no \
            --callgrind-out-file="$out/cg" "$bench" --only "$shape" "$tokens" 2>"$out/log"
        ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/log")
        echo "append_500_tokens_${shape}_at_$((tokens / 1000))k_instructions: $ir instructions"
        [ -n "$first" ] || first=$ir
        if [ "$tokens" = 100000 ]; then
            echo "append_500_tokens_${shape}_100k_vs_1k_instructions: $(echo "scale=2; $ir / $first" | bc) x"
        fi
    done
done
