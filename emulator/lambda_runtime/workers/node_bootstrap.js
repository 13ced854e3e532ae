'use strict';
// The emulator's Node.js runtime: loads the handler named by _HANDLER from
// LAMBDA_TASK_ROOT, then serves invocations through the Lambda Runtime API
// (AWS_LAMBDA_RUNTIME_API), as AWS's nodejs runtimes do. Async handlers and
// callback handlers are both supported.

const fs = require('fs');
const http = require('http');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');

const [API_HOST, API_PORT] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const API = '/2018-06-01/runtime';
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

let currentRequestId;

function call(method, route, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const request = http.request(
      {
        host: API_HOST,
        port: API_PORT,
        path: API + route,
        method,
        agent,
        headers: payload ? { ...headers, 'Content-Length': payload.length } : headers,
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

// console.* as the AWS runtime formats it: timestamp, request id, level, message (one event).
for (const [method, level] of [
  ['log', 'INFO'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['debug', 'DEBUG'], ['trace', 'TRACE'],
]) {
  console[method] = (...args) => {
    const message = util.format(...args).replace(/\n/g, '\r');
    process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${message}\n`);
  };
}

function errorDocument(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name,
      errorMessage: error.message,
      trace: (error.stack || '').split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

class RuntimeError extends Error {
  constructor(type, message) {
    super(message);
    this.name = type;
  }
}

function resolveModule(root, moduleName) {
  const base = path.resolve(root, moduleName);
  for (const extension of ['.js', '.mjs', '.cjs']) {
    if (fs.existsSync(base + extension)) return base + extension;
  }
  try {
    return require.resolve(moduleName.startsWith('.') ? base : moduleName, { paths: [root] });
  } catch {
    return null;
  }
}

function isEsm(file) {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (path.dirname(folder) === folder) return false;
  }
}

async function loadHandler(root, handlerName) {
  const slash = handlerName.lastIndexOf('/');
  const dot = handlerName.indexOf('.', slash + 1);
  if (dot < 0) throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${handlerName}`);
  const moduleName = handlerName.slice(0, dot);
  const functionPath = handlerName.slice(dot + 1);
  const file = resolveModule(root, moduleName);
  if (file === null) {
    throw new RuntimeError(
      'Runtime.ImportModuleError',
      `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${__filename}`,
    );
  }
  let module;
  try {
    module = isEsm(file) ? await import(pathToFileURL(file).href) : require(file);
  } catch (error) {
    if (error && error.code === 'ERR_REQUIRE_ESM') {
      module = await import(pathToFileURL(file).href);
    } else if (error instanceof SyntaxError) {
      throw new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    } else {
      throw error;
    }
  }
  let handler = module;
  for (const part of functionPath.split('.')) {
    handler = handler === undefined || handler === null ? undefined : handler[part];
  }
  if (handler === undefined && module && module.default) {
    handler = functionPath.split('.').reduce((value, part) => (value == null ? undefined : value[part]), module.default);
  }
  if (handler === undefined) {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerName} is undefined or not exported`);
  }
  if (typeof handler !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handlerName} is not a function`);
  }
  return handler;
}

function makeContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const parse = (value) => (value ? JSON.parse(value) : undefined);
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: parse(headers['lambda-runtime-cognito-identity']),
    clientContext: parse(headers['lambda-runtime-client-context']),
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
  };
}

function run(handler, event, context) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    context.done = callback;
    context.succeed = (result) => callback(null, result);
    context.fail = (error) => callback(error === undefined || error === null ? 'handled' : error);
    let returned;
    try {
      returned = handler(event, context, callback);
    } catch (error) {
      callback(error);
      return;
    }
    if (returned && typeof returned.then === 'function') {
      returned.then((result) => callback(null, result), (error) => callback(error));
    } else if (handler.length < 3) {
      callback(null, returned);
    }
  });
}

async function main() {
  let handler;
  try {
    handler = await loadHandler(process.env.LAMBDA_TASK_ROOT, process.env._HANDLER);
  } catch (error) {
    const document = errorDocument(error);
    console.error(`${document.errorType}: ${document.errorMessage}`);
    await call('POST', '/init/error', JSON.stringify(document), {
      'Content-Type': 'application/json',
      'Lambda-Runtime-Function-Error-Type': document.errorType,
    });
    process.exit(1);
  }
  for (;;) {
    const next = await call('GET', '/invocation/next');
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    currentRequestId = requestId;
    process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'] || '';
    let result;
    let failure;
    try {
      const text = next.body.toString('utf8');
      const event = text ? JSON.parse(text) : {};
      result = await run(handler, event, makeContext(next.headers));
    } catch (error) {
      failure = errorDocument(error);
    }
    if (failure === undefined) {
      const body = JSON.stringify(result === undefined ? null : result);
      await call('POST', `/invocation/${requestId}/response`, body, { 'Content-Type': 'application/json' });
    } else {
      console.error(`Invoke Error \t${JSON.stringify({ ...failure, stack: failure.trace, trace: undefined })}`);
      await call('POST', `/invocation/${requestId}/error`, JSON.stringify(failure), {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Function-Error-Type': failure.errorType,
      });
    }
  }
}

main();
