// The resolve hook of node_module_paths.js for module.register (Node.js before 22.15), which runs
// hooks asynchronously on a loader thread.

import paths from './node_module_paths.js';

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const retry = paths.fromNodePath(error, specifier, context);
    if (retry === null) throw error;
    return nextResolve(specifier, retry);
  }
}
