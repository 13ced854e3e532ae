'use strict';
// Where a handler's imports find packages beyond its own node_modules. require() searches NODE_PATH
// (as AWS sets it: layers, the runtime's AWS SDK in /var/runtime/node_modules, /var/runtime,
// /var/task); Node.js's import does not, while AWS's runtimes make it: a bare import that cannot be
// resolved from the importing file's node_modules folders is looked up in the NODE_PATH folders, in
// order. The usual resolution comes first, so a function's own node_modules win over layers and the
// runtime's SDK. Resolve hooks do that, registered before the first import only: on Node.js before
// 22.15 they run on a loader thread (node_module_paths_hooks.mjs) that delays an ES module
// handler's init by 50-150 ms, which CommonJS handlers need not pay.

const fs = require('fs');
const moduleApi = require('module');
const path = require('path');
const { pathToFileURL } = require('url');

// Only folders of packages: resolving from a file beside one finds its packages first.
const PACKAGE_FOLDERS = (process.env.NODE_PATH || '')
  .split(path.delimiter)
  .filter((folder) => path.basename(folder) === 'node_modules');

/** Not relative, absolute, a URL (node:, file:, data:) or a package import (#name). */
function isBare(specifier) {
  return !/^(?:\.{0,2}\/|#|[a-z][a-z0-9+.-]*:)/i.test(specifier);
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** The context to resolve `specifier` again in, from the first NODE_PATH folder that has its package; else null. */
function fromNodePath(error, specifier, context) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) return null;
  const name = packageName(specifier);
  const folder = PACKAGE_FOLDERS.find((candidate) => fs.existsSync(path.join(candidate, name)));
  return folder ? { ...context, parentURL: pathToFileURL(path.join(path.dirname(folder), 'index.js')).href } : null;
}

/** The resolve hook, for module.registerHooks (synchronous, on the loading thread). */
function resolve(specifier, context, nextResolve) {
  try {
    return nextResolve(specifier, context);
  } catch (error) {
    const retry = fromNodePath(error, specifier, context);
    if (retry === null) throw error;
    return nextResolve(specifier, retry);
  }
}

let registered = false;

function searchNodePathOnImport() {
  if (registered) return;
  registered = true;
  if (moduleApi.registerHooks) moduleApi.registerHooks({ resolve });
  else if (moduleApi.register) moduleApi.register('./node_module_paths_hooks.mjs', pathToFileURL(__filename)); // 18.19+, 20.6+
}

const MISSING_SDK = /Cannot find (?:module|package) '(@aws-sdk\/[^'/]+)/;

/** AWS's runtime carries the AWS SDK for JavaScript v3; the emulator's copy needs a setup step: name it. */
function hintAtMissingSdk(error) {
  const missing = MISSING_SDK.exec(String(error?.message ?? ''));
  if (missing) {
    process.stderr.write(
      `emulator: ${missing[1]} comes with AWS's Node.js runtime, not with the function; ` +
        `install the emulator's copy once with: emulator setup node-sdk ${missing[1]}\n`,
    );
  }
}

module.exports = { fromNodePath, searchNodePathOnImport, hintAtMissingSdk };
