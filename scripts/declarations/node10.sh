#!/usr/bin/env bash
# Our published declarations as a consumer on CommonJS + moduleResolution node10 without esModuleInterop sees
# them: the built packages (pnpm build first) linked into a project outside the workspace, type-checked with
# skipLibCheck false. The fast, offline half of the packed smoke test's node10 step (scripts/packed-smoke), which
# type-checks the same file against the packed tarballs. Usage: bash scripts/declarations/node10.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ikm-declarations-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/node_modules/@ikm-ledger" "$work/node_modules/@types" "$work/src"
for dir in "$root"/packages/*/; do
  [ -d "$dir/dist" ] || { echo "$dir has no dist/: run pnpm build first" >&2; exit 1; }
  name=$(node -p "require('$dir/package.json').name")
  ln -s "$dir" "$work/node_modules/$name"
done
# The peers a consumer installs beside them; each package finds its own drivers' types in its node_modules.
ln -s "$(readlink -f "$root/packages/core/node_modules/fp-ts")" "$work/node_modules/fp-ts"
ln -s "$(readlink -f "$root/packages/core/node_modules/io-ts")" "$work/node_modules/io-ts"
ln -s "$(readlink -f "$root/node_modules/@types/node")" "$work/node_modules/@types/node"
cp "$root/scripts/packed-smoke/app/src/every-package.ts" "$work/src/"
cat >"$work/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "CommonJS",
    "moduleResolution": "node10",
    "esModuleInterop": false,
    "allowSyntheticDefaultImports": false,
    "strict": true,
    "skipLibCheck": false,
    "noEmit": true,
    "types": ["node"]
  },
  "files": ["src/every-package.ts"]
}
JSON
"$root/node_modules/.bin/tsc" -p "$work/tsconfig.json"
echo "declarations type-check under CommonJS + node10 without esModuleInterop"
