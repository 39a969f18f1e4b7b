#!/bin/sh
# Reproduce src/shequ/static/vendor/ from the npm registry (no CDN at run time).
# Usage: scripts/vendor_assets.sh   — needs npm; rewrites VERSIONS.txt with sha256 sums.
set -eu
HTMX_VERSION=2.0.11
PICO_VERSION=2.1.1
ECHARTS_VERSION=6.1.0
LEAFLET_VERSION=1.9.4

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/src/shequ/static/vendor"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$DEST"

fetch() {  # fetch <package> <version> <path inside package> <target file name>
    (cd "$TMP" && npm pack --silent "$1@$2" >/dev/null)
    tarball=$(ls "$TMP"/*.tgz)
    mkdir -p "$TMP/x"
    tar -xzf "$tarball" -C "$TMP/x"
    cp "$TMP/x/package/$3" "$DEST/$4"
    for lic in "$TMP"/x/package/LICENSE*; do
        [ -f "$lic" ] && cp "$lic" "$DEST/$4.LICENSE"
    done
    rm -rf "$TMP/x" "$tarball"
    sum=$(sha256sum "$DEST/$4" | cut -d' ' -f1)
    echo "$4 $1@$2 $3 sha256:$sum" >> "$TMP/VERSIONS"
}

fetch htmx.org "$HTMX_VERSION" dist/htmx.min.js htmx.min.js
fetch @picocss/pico "$PICO_VERSION" css/pico.min.css pico.min.css
fetch echarts "$ECHARTS_VERSION" dist/echarts.min.js echarts.min.js
mkdir -p "$DEST/leaflet/images"
fetch leaflet "$LEAFLET_VERSION" dist/leaflet.js leaflet/leaflet.js
fetch leaflet "$LEAFLET_VERSION" dist/leaflet.css leaflet/leaflet.css
for img in layers.png layers-2x.png marker-icon.png marker-icon-2x.png marker-shadow.png; do
    fetch leaflet "$LEAFLET_VERSION" "dist/images/$img" "leaflet/images/$img"
done

{
    echo "# Vendored front-end assets (scripts/vendor_assets.sh). file package@version source sha256"
    cat "$TMP/VERSIONS"
} > "$DEST/VERSIONS.txt"
cat "$DEST/VERSIONS.txt"
