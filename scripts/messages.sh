#!/usr/bin/env bash
# The translator's loop (docs/translating.md): gather the messages from the code,
# merge them into the Polish and Chinese catalogs, compile the catalogs.
#
#   ./scripts/messages.sh            # extract + update + compile
#   ./scripts/messages.sh compile    # only compile (after editing a .po file)
#
# tests/test_translations.py fails when the template is out of date, when a
# message has no (or a fuzzy) translation, or when a .mo is older than its .po.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
LOCALE=sitegen/locale

if [[ "${1:-}" != compile ]]; then
    # --no-location: a line moved in the code does not churn the catalogs
    "$PYBABEL" -q extract -F babel.cfg --no-default-keywords -k N_ -k N_plural:1,2 -k plural:2,3 \
        --no-location --sort-output --project sitegen --copyright-holder "sitegen authors" \
        -o "$LOCALE/sitegen.pot" sitegen
    "$PYBABEL" -q update -D sitegen -i "$LOCALE/sitegen.pot" -d "$LOCALE" --ignore-obsolete
fi
"$PYBABEL" compile -D sitegen -d "$LOCALE" --statistics
