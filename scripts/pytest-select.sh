#!/usr/bin/env bash
# Run a pytest selection; "no tests collected" (exit 5) counts as success on purpose, so an
# empty marker selection never turns CI red. Any other non-zero exit is a failure.
"$@"
rc=$?
if [ "$rc" -eq 5 ]; then echo "[pytest] no tests in this selection"; exit 0; fi
exit "$rc"
