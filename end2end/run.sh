#!/usr/bin/env bash
# The browser tests as `make test` runs them (YUCAI_BIN and YUCAI_SITE_ROOT set by the Makefile):
# two Playwright runs at the same time, each with its own server on its own fresh demo database —
# the journeys one at a time (they share data, and much of their time is waiting on real clocks:
# a check-in code expiring, a session ending), and beside them the crawl of every page as every role,
# two roles at a time (it only reads). Each line is prefixed with its run; the exit status is the
# first failure's.
set -uo pipefail
cd "$(dirname "$0")"
journeys=$(ls tests/*.spec.ts | grep -v '/pages.spec.ts$')

run() { # name port args…
  local name=$1 port=$2
  shift 2
  YUCAI_E2E_PORT=$port npx playwright test --output "test-results/$name" "$@" 2>&1 | sed -u "s/^/$name │ /"
}

start=$(date +%s)
run journeys 3100 $journeys &
j=$!
run crawl 3101 tests/pages.spec.ts --workers=2 --fully-parallel &
c=$!
wait $j
js=$?
wait $c
cs=$?
echo "browser tests: journeys exit $js, crawl exit $cs, $(($(date +%s) - start)) s"
[ $js -eq 0 ] && [ $cs -eq 0 ]
