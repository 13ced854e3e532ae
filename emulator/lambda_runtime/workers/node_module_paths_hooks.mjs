// Module resolve hooks (registered by node_module_paths.js): a bare import that Node.js cannot
// resolve from the importing file's node_modules folders is looked up in the NODE_PATH folders,
// in order, as AWS's nodejs18.x and later runtimes do for ES modules. The usual resolution comes
// first, so a function's own node_modules win over layers and the runtime's AWS SDK.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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

/** The context to resolve ``specifier`` again in, from the first NODE_PATH folder that has its package; else null. */
function fromNodePath(error, specifier, context) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) return null;
  const name = packageName(specifier);
  const folder = PACKAGE_FOLDERS.find((candidate) => fs.existsSync(path.join(candidate, name)));
  return folder ? { ...context, parentURL: pathToFileURL(path.join(path.dirname(folder), 'index.js')).href } : null;
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const retry = fromNodePath(error, specifier, context);
    if (retry === null) throw error;
    return nextResolve(specifier, retry);
  }
}
