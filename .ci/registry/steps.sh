# Sourced by .ci/run: the packages as a user gets them. A Verdaccio on loopback serves @fs/* from
# its own storage only; a scratch clone versions and publishes every public package to it; then
# projects in a temporary folder outside the workspace install them with plain npm. Each function
# is one step of .ci/run; everything lives in $REGISTRY_HOME, removed by registry_stop.

REGISTRY_HOME=""
REGISTRY_URL=""
REGISTRY_PID=""
# Tools the consumer projects install beside the packages, pinned as the workspace pins them.
CONSUMER_TYPESCRIPT=typescript@5.9.3
CONSUMER_NODE_TYPES=@types/node@20.19.43
CONSUMER_VITE=vite@8.3.8

registry_start() {
  REGISTRY_HOME=$(mktemp -d "${TMPDIR:-/tmp}/fs-registry.XXXXXX")
  cp "$ROOT/.ci/registry/verdaccio.yaml" "$REGISTRY_HOME/config.yaml"
  local port token
  port=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => {
    console.log(s.address().port); s.close(); });")
  REGISTRY_URL="http://127.0.0.1:$port/"
  node "$ROOT/.ci/tools/node_modules/verdaccio/bin/verdaccio" --config "$REGISTRY_HOME/config.yaml" \
    --listen "127.0.0.1:$port" >"$REGISTRY_HOME/verdaccio.log" 2>&1 &
  REGISTRY_PID=$!
  for _ in $(seq 600); do
    node -e "fetch('${REGISTRY_URL}-/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" &&
      break
    sleep 0.2
  done
  token=$(node "$ROOT/.ci/registry/registry-user.mjs" "$REGISTRY_URL") ||
    { cat "$REGISTRY_HOME/verdaccio.log"; return 1; }
  printf 'registry=%s\n//127.0.0.1:%s/:_authToken=%s\n' "$REGISTRY_URL" "$port" "$token" \
    >"$REGISTRY_HOME/npmrc"
  echo "Verdaccio $(node -p "require('$ROOT/.ci/tools/node_modules/verdaccio/package.json').version") on $REGISTRY_URL"
}

registry_stop() {
  if [[ -n $REGISTRY_PID ]]; then kill "$REGISTRY_PID" 2>/dev/null || true; fi
  if [[ -n $REGISTRY_HOME ]]; then rm -rf "$REGISTRY_HOME"; fi
}

# The release commands, rehearsed: version every public package as a snapshot and publish them
# all, in a clone of the committed tree (this tree stays as it is).
registry_publish() {
  local repo="$REGISTRY_HOME/release"
  git clone --quiet "$ROOT" "$repo"
  (
    cd "$repo"
    pnpm install --frozen-lockfile --prefer-offline --reporter=append-only >/dev/null
    node "$ROOT/.ci/registry/snapshot-changeset.mjs" >.changeset/ci-snapshot.md
    pnpm changeset version --snapshot ci
    pnpm build --filter="./packages/*" --output-logs=errors-only
    NPM_CONFIG_USERCONFIG="$REGISTRY_HOME/npmrc" pnpm publish -r --no-git-checks \
      --registry "$REGISTRY_URL"
  )
}

# Runs npm against the local registry only.
registry_npm() { NPM_CONFIG_REGISTRY=$REGISTRY_URL npm --no-audit --no-fund --loglevel=error "$@"; }

# A new, empty project folder outside the workspace; prints its path.
consumer_project() {
  local dir="$REGISTRY_HOME/consumers/$1"
  mkdir -p "$dir"
  echo "$dir"
}

# The public packages of the release clone, by name.
public_packages() {
  (cd "$REGISTRY_HOME/release" && node -p "require('node:fs').readdirSync('packages')
    .map((d) => require('./packages/' + d + '/package.json')).filter((m) => !m.private)
    .map((m) => m.name).join(' ')")
}

registry_tarballs() {
  # shellcheck disable=SC2046 # one argument per package name
  node "$ROOT/.ci/registry/tarballs.mjs" "$REGISTRY_URL" "$ROOT/README.md" $(public_packages)
}

# The README's quick start in a new project: its setup commands and example.ts, as written.
consumer_quick_start() {
  local dir
  dir=$(consumer_project quick-start)
  node "$ROOT/.ci/registry/readme-block.mjs" "$ROOT/README.md" 'npm init -y' >"$dir/setup.sh"
  node "$ROOT/.ci/registry/readme-block.mjs" "$ROOT/README.md" '// example.ts' >"$dir/example.ts"
  (
    cd "$dir"
    cat setup.sh
    NPM_CONFIG_REGISTRY=$REGISTRY_URL bash -euo pipefail setup.sh
    npx tsx example.ts | tee output.txt
    grep -qx 'Hello, Filestack!' output.txt
  )
}

consumer_emulator_cli() {
  node "$ROOT/.ci/registry/emulator-cli.mjs" "$REGISTRY_HOME/consumers/quick-start"
}

# `filestack --version` from @fs/cli as installed: it must print the version that was published.
consumer_cli() {
  local dir published printed
  dir=$(consumer_project cli)
  (
    cd "$dir"
    registry_npm init -y >/dev/null
    registry_npm install @fs/cli
    published=$(registry_npm view @fs/cli version)
    printed=$(npx filestack --version)
    echo "filestack --version: $printed"
    [[ $printed == *"$published"* ]] || { echo "expected $published" >&2; exit 1; }
  )
}

consumer_commonjs() {
  local dir
  dir=$(consumer_project commonjs)
  cp "$ROOT/.ci/registry/consumers/commonjs.cjs" "$dir/"
  (
    cd "$dir"
    registry_npm init -y >/dev/null
    registry_npm install @fs/client @fs/upload @fs/webhooks @fs/emulator
    node commonjs.cjs
  )
}

consumer_typescript() {
  local dir names
  dir=$(consumer_project typescript)
  cp "$ROOT/.ci/registry/consumers/"{types.ts,tsconfig.node16.json,tsconfig.bundler.json} "$dir/"
  cp "$dir/types.ts" "$dir/types.cts"
  names=$(public_packages)
  (
    cd "$dir"
    registry_npm init -y >/dev/null
    registry_npm pkg set type=module
    # shellcheck disable=SC2086 # one argument per package name
    registry_npm install "$CONSUMER_TYPESCRIPT" "$CONSUMER_NODE_TYPES" $names
    npx tsc --version
    npx tsc -p tsconfig.node16.json
    echo "node16: types.ts (ESM) and types.cts (CommonJS) check"
    npx tsc -p tsconfig.bundler.json
    echo "bundler: types.ts checks"
  )
}

consumer_frontend() {
  local dir
  dir=$(consumer_project frontend)
  cp "$ROOT/.ci/registry/consumers/frontend/"* "$dir/"
  (
    cd "$dir"
    registry_npm init -y >/dev/null
    registry_npm pkg set type=module
    registry_npm install @fs/transform @fs/upload "$CONSUMER_VITE"
    npx vite build --sourcemap --logLevel warn
    node "$ROOT/.ci/registry/frontend-bundle.mjs" dist
  )
}
