'use strict';
// Paths as a function sees them on AWS: its code in /var/task, the runtime as
// /var/runtime/index.mjs. Applied to error payloads and to log lines (stack
// traces in "Invoke Error" lines, console.error(error), ...), so both read as
// AWS's Node.js runtime writes them.

const path = require('path');
const { pathToFileURL } = require('url');

const TASK_ROOT = process.env.LAMBDA_TASK_ROOT;
const RUNTIME_FILES = [
  'node_bootstrap.js',
  'node_aws_paths.js',
  'node_response_stream.js',
  'node_logging.js',
  'node_local_endpoints.js',
  'node_module_paths.js',
  'node_module_paths_hooks.mjs',
].map((name) => path.join(__dirname, name));

const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest forms first: a runtime file's URL, then its path, then the code folder.
const SHOWN = new Map([
  ...RUNTIME_FILES.map((file) => [pathToFileURL(file).href, 'file:///var/runtime/index.mjs']),
  ...RUNTIME_FILES.map((file) => [file, '/var/runtime/index.mjs']),
  [`${TASK_ROOT}/`, '/var/task/'],
]);
const LOCAL = new RegExp([...SHOWN.keys()].map(escaped).join('|'), 'g');

/** ``text`` with the emulator's folders replaced by AWS's. */
function asOnAws(text) {
  // Most log lines hold no path: a scan for "/" spares them the regex.
  return text.includes('/') ? text.replace(LOCAL, (local) => SHOWN.get(local)) : text;
}

module.exports = { asOnAws };
