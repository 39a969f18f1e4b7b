#!/usr/bin/env bash
# A district's first day, from an empty database, through the command line only (no shell):
# the district, its territory, party organisations, units, party members, staff accounts,
# then a community's roster, each from the office's own workbook.
#
#   SHEQU_DATABASE_URL=sqlite:////path/new.sqlite3 ADMIN_PASSWORD=… \
#       scripts/setup-district.sh [DATA_DIR] [OUT_DIR]
#
# DATA_DIR holds territory.xlsx, party-orgs.xlsx, units.xlsx, party-members.xlsx,
# accounts.xlsx and roster.xlsx (default: tests/data/setup, the sample set). OUT_DIR receives
# the error workbooks and the staff's one-time passwords (passwords.xlsx, mode 0600).
# SHEQU names the command (default: shequ).
set -euo pipefail

DATA=${1:-tests/data/setup}
OUT=${2:-var/setup}
SHEQU=${SHEQU:-shequ}
DISTRICT_CODE=${DISTRICT_CODE:-511703}
DISTRICT_NAME=${DISTRICT_NAME:-达川区}
ROSTER_COMMUNITY=${ROSTER_COMMUNITY:-511703001001}
mkdir -p "$OUT"
chmod 700 "$OUT"

$SHEQU migrate --noinput -v 0
$SHEQU area add --kind district --code "$DISTRICT_CODE" --name "$DISTRICT_NAME"
printf '%s\n' "${ADMIN_PASSWORD:?set ADMIN_PASSWORD}" | \
    $SHEQU createadmin admin --role sysadmin --password-stdin
for kind in territory party-orgs units party-members; do
    $SHEQU import "$kind" "$DATA/$kind.xlsx" --errors "$OUT/$kind-errors.xlsx"
done
$SHEQU import accounts "$DATA/accounts.xlsx" --passwords "$OUT/passwords.xlsx" \
    --errors "$OUT/accounts-errors.xlsx"
$SHEQU import residents "$DATA/roster.xlsx" --into "$ROSTER_COMMUNITY" \
    --build-structure --confirm-structure --errors "$OUT/roster-errors.xlsx"
