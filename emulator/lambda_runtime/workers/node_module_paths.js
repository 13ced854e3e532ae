'use strict';
// Where a handler's imports find packages beyond its own node_modules. require() searches NODE_PATH
// (as AWS sets it: layers, the runtime's AWS SDK in /var/runtime/node_modules, /var/runtime,
// /var/task); Node.js's import does not, while AWS's runtimes make it. Resolve hooks
// (node_module_paths_hooks.mjs) do that here, registered before the first import: they run on a
// loader thread that costs about 50 ms to start, which CommonJS handlers need not pay.

const moduleApi = require('module');
const { pathToFileURL } = require('url');

let registered = false;

function searchNodePathOnImport() {
  if (registered) return;
  registered = true;
  moduleApi.register('./node_module_paths_hooks.mjs', pathToFileURL(__filename));
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

module.exports = { searchNodePathOnImport, hintAtMissingSdk };
