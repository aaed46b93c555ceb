#!/usr/bin/env bash
# The packed-tarball smoke test: what a service developer meets. Every published package is packed, installed
# with npm into a fresh project outside the workspace, and used from there:
#   (a) an ESM TypeScript service compiled with tsc --strict, module NodeNext, skipLibCheck false (and its types,
#       with every package's, checked once more under CommonJS + moduleResolution node10 without esModuleInterop),
#       then run;
#   (b) the same service as a CommonJS .cjs program;
#   (c) the README's first example, copied out of README.md, compiled and run; likewise the main snippet of each
#       package README (compiled with the service in (a); run when it needs no server);
#   (d) the installed `ikm-ledger` bin: --help, and verify on the ledger the service wrote.
# Needs the packages built first (pnpm build). Usage: bash scripts/packed-smoke/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ikm-packed-smoke-XXXXXX")
# IKM_SMOKE_KEEP=1 keeps the project for a look afterwards.
[ "${IKM_SMOKE_KEEP:-}" = 1 ] && echo "keeping $work" || trap 'rm -rf "$work"' EXIT
say() { printf '\n--- %s\n' "$*"; }

say "pack every published package"
mkdir -p "$work/tarballs"
for dir in "$root"/packages/*/; do
  [ -d "$dir/dist" ] || { echo "$dir has no dist/: run pnpm build first" >&2; exit 1; }
  (cd "$dir" && pnpm pack --pack-destination "$work/tarballs" >/dev/null)
done
ls "$work/tarballs"
for tarball in "$work"/tarballs/*.tgz; do
  tar -tzf "$tarball" | grep -x 'package/LICENSE' >/dev/null || { echo "$(basename "$tarball") has no LICENSE" >&2; exit 1; }
done

say "install them with npm in a project outside the workspace"
cp -R "$here/app" "$work/app"
cd "$work/app"
# better-sqlite3 is compiled here: its prebuilt binaries are downloaded from outside the npm registry.
npm_config_build_from_source=true npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz fp-ts@^2.16.11 io-ts@^2.2.22 \
  typescript@~5.9.3 @types/node@^20.19.0

say "(a) ESM TypeScript: tsc --strict, NodeNext, skipLibCheck false; node10 type resolution; run"
node "$here/readme-example.mjs" "$root/README.md" >src/readme.ts
node "$here/readme-example.mjs" --packages "$root" src >"$work/runnable-snippets.txt"
npx tsc -p tsconfig.json
npx tsc -p tsconfig.node10.json
ledger="$work/service.db"
node dist/main.js "$ledger"

say "(b) CommonJS"
node main.cjs

say "(c) the README's first example, as written"
(mkdir -p "$work/readme" && cd "$work/readme" && node "$work/app/dist/readme.js")
say "(c) the package READMEs' snippets that need no server, as written"
while read -r snippet; do
  echo "$snippet"
  (mkdir -p "$work/$snippet" && cd "$work/$snippet" && node "$work/app/dist/$snippet.js")
done <"$work/runnable-snippets.txt"

say "(d) the installed bin"
npx ikm-ledger --help >"$work/help.txt"
grep -q 'usage:' "$work/help.txt" || { cat "$work/help.txt"; exit 1; }
npx ikm-ledger verify --store "$ledger"

say "packed packages work from ESM, CommonJS and the bin"
