'use strict';
// The emulator's Node.js runtime: loads the handler named by _HANDLER from
// LAMBDA_TASK_ROOT, then serves invocations through the Lambda Runtime API
// (AWS_LAMBDA_RUNTIME_API), following AWS's Node.js runtime interface client:
// async handlers answer when their promise settles; callback handlers when the
// callback is called and (unless context.callbackWaitsForEmptyEventLoop is
// false) the event loop is empty; handlers wrapped in
// awslambda.streamifyResponse stream their response (node_response_stream.js).
// Paths in errors read as on AWS: the code in /var/task, this runtime as
// /var/runtime/index.mjs.

const fs = require('fs');
const http = require('http');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');
const { asOnAws } = require('./node_aws_paths.js');
const { patchConsole, setRequestId, logError } = require('./node_logging.js');
const { installGlobal, isStreaming, openResponseStream } = require('./node_response_stream.js');
const { searchNodePathOnImport, hintAtMissingSdk } = require('./node_module_paths.js');
const localEndpoints = require('./node_local_endpoints.js');

const [API_HOST, API_PORT] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const API = { host: API_HOST, port: API_PORT, prefix: '/2018-06-01/runtime', agent: new http.Agent({ keepAlive: true, maxSockets: 1 }) };
const TASK_ROOT = process.env.LAMBDA_TASK_ROOT;
const NODE_MAJOR = (process.env.AWS_EXECUTION_ENV || '').match(/nodejs(\d+)/)?.[1] || process.versions.node.split('.')[0];
// nodejs24.x and later run AWS's newer runtime client: no callback handlers, the handler's result is awaited.
const PROMISES_ONLY = Number(NODE_MAJOR) >= 24;
const CALLBACK_HANDLER_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify ' +
  'this function to use a supported handler signature to use Node.js 24 or later. For more information see ' +
  'https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

function call(method, route, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const request = http.request(
      {
        host: API.host,
        port: API.port,
        path: API.prefix + route,
        method,
        agent: API.agent,
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

// -- errors ---------------------------------------------------------------

function isErrorLike(value) {
  return util.types.isNativeError(value) || (value && typeof value.name === 'string' && typeof value.message === 'string' && typeof value.stack === 'string');
}

/** The error document the Runtime API gets (errorType, errorMessage, trace). */
function errorDocument(error) {
  try {
    if (isErrorLike(error)) {
      return { errorType: error.name, errorMessage: asOnAws(error.message), trace: asOnAws(error.stack).split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

/**
 * The runtime's own error classes, named ``Runtime.<name>``. Up to nodejs22.x the name is on the prototype,
 * not one of the error's own members (which AWS's "Invoke Error" lines list), and the class is ``<name>`` (JSON
 * log lines give the constructor's name as errorType); nodejs24.x's runtime client (errors.ts) sets the name on
 * each error and calls some classes ``<name>Error``.
 */
function runtimeErrorClass(name, nodejs24ClassName = name) {
  const errorName = `Runtime.${name}`;
  const RuntimeError = PROMISES_ONLY
    ? class extends Error {
        constructor(message) {
          super(message);
          this.name = errorName;
        }
      }
    : class extends Error {};
  Object.defineProperty(RuntimeError, 'name', { value: PROMISES_ONLY ? nodejs24ClassName : name });
  RuntimeError.prototype.name = errorName;
  return RuntimeError;
}

const MalformedHandlerName = runtimeErrorClass('MalformedHandlerName', 'MalformedHandlerNameError');
const UserCodeSyntaxError = runtimeErrorClass('UserCodeSyntaxError');
const ImportModuleError = runtimeErrorClass('ImportModuleError');
const HandlerNotFound = runtimeErrorClass('HandlerNotFound', 'HandlerNotFoundError');
const CallbackHandlerDeprecated = runtimeErrorClass('CallbackHandlerDeprecated', 'CallbackHandlerDeprecatedError');
const JSONStringifyError = runtimeErrorClass('JSONStringifyError');

/** A promise rejected with nothing to handle it: the reason and the promise are the error's own members. */
class UnhandledPromiseRejection extends runtimeErrorClass('UnhandledPromiseRejection') {
  constructor(reason, promise) {
    super(reason);
    this.reason = reason;
    this.promise = promise;
  }
}

// Not AWS's: tells the emulator no invocation may follow (AWS starts a new environment too).
const EXITING = { 'X-Emulator-Runtime-Exiting': 'true' };

function postError(requestId, error, exiting = false) {
  const document = errorDocument(error);
  return call('POST', `/invocation/${requestId}/error`, JSON.stringify(document), {
    'Content-Type': 'application/json',
    'Lambda-Runtime-Function-Error-Type': document.errorType,
    ...(exiting ? EXITING : {}),
  });
}

/** The answer about to be posted, if any: ``exitCode`` is set when the process must end once it went out. */
let answering = null;

/**
 * Posts a handler's result on the loop's next turn, as AWS's runtime does: a promise the handler left to reject
 * (or an exception it left to throw) surfaces first, is logged within the invocation, and ends the process
 * after the answer, which stands (aws-lambda-base-images#392's nodejs22.x capture).
 */
function postResponse(requestId, body) {
  const pending = { exitCode: null };
  answering = pending;
  return new Promise((resolve) => setImmediate(resolve)).then(() => {
    answering = null;
    const headers = { 'Content-Type': 'application/json', ...(pending.exitCode === null ? {} : EXITING) };
    const posted = call('POST', `/invocation/${requestId}/response`, body, headers);
    return pending.exitCode === null ? posted : posted.finally(() => process.exit(pending.exitCode));
  });
}

// -- loading the handler -----------------------------------------------------

function hasTypeModule(folder) {
  // The nearest package.json decides; a node_modules folder, or the folder above the code (/var on AWS), ends the search.
  const above = path.dirname(TASK_ROOT);
  for (; !folder.endsWith('/node_modules') && folder !== above; folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
      } catch (error) {
        console.warn(`${manifest} cannot be read, it will be ignored for ES module detection purposes.`, error);
        return false;
      }
    }
    if (folder === '/' || path.dirname(folder) === folder) return false;
  }
  return false;
}

async function importIfExists(file) {
  if (!fs.existsSync(file)) return undefined;
  searchNodePathOnImport();
  return import(pathToFileURL(file).href);
}

function requireIfExists(file) {
  return fs.existsSync(file) ? require(file) : undefined;
}

/** The module, tried as AWS's runtime does: no extension, .js (CommonJS or ES module), .mjs, .cjs, then a package. */
async function loadModule(moduleRoot, moduleName) {
  const base = path.resolve(TASK_ROOT, moduleRoot, moduleName);
  const loaded = requireIfExists(base);
  if (loaded) return loaded;
  const typeModule = hasTypeModule(path.dirname(base));
  if (!typeModule) {
    const script = requireIfExists(base + '.js');
    if (script) return script;
  }
  const found = (typeModule && (await importIfExists(base + '.js'))) || (await importIfExists(base + '.mjs')) || requireIfExists(base + '.cjs');
  if (found) return found;
  return require(require.resolve(moduleName, { paths: [TASK_ROOT, moduleRoot] }));
}

async function loadHandler(handlerName) {
  if (handlerName.includes('..')) {
    throw new MalformedHandlerName(
      `'${handlerName}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const baseName = path.basename(handlerName);
  const moduleRoot = handlerName.slice(0, handlerName.indexOf(baseName));
  const match = baseName.match(/^([^.]*)\.(.*)$/);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, functionPath] = match;
  let module;
  try {
    module = await loadModule(moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(asOnAws(String(error)));
    if (error && error.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(asOnAws(String(error)));
    throw error;
  }
  const handler = functionPath.split('.').reduce((value, key) => value && value[key], module);
  if (!handler) throw new HandlerNotFound(`${handlerName} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${handlerName} is not a function`);
  return handler;
}

// -- invocations ---------------------------------------------------------------

/** Run once the event loop has nothing left to do (AWS's runtime answers callback handlers then). */
let onEmptyLoop = null;
process.on('beforeExit', () => {
  const pending = onEmptyLoop;
  onEmptyLoop = null;
  if (pending) setImmediate(pending);
});

class NodeJsExit extends Error {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise that was never settled. ' +
        'For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}
NodeJsExit.prototype.name = 'Runtime.NodeJsExit';

/**
 * The context object, its members in the order AWS's runtime builds them (JSON.stringify(context) shows it):
 * up to nodejs22.x the environment's first (LocalStack's AWS-validated test_lambda.snapshot.json::
 * test_lambda_with_context), from nodejs24.x the invocation's first with its X-Ray trace id.
 */
function makeContext(headers) {
  const deadline = Number(headers['lambda-runtime-deadline-ms']);
  const parse = (value) => (value ? JSON.parse(value) : undefined);
  const environment = {
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
  };
  const invocation = {
    clientContext: parse(headers['lambda-runtime-client-context']),
    identity: parse(headers['lambda-runtime-cognito-identity']),
    invokedFunctionArn: headers['lambda-runtime-invoked-function-arn'],
    awsRequestId: headers['lambda-runtime-aws-request-id'],
    tenantId: headers['lambda-runtime-aws-tenant-id'],
  };
  const getRemainingTimeInMillis = () => deadline - Date.now();
  if (PROMISES_ONLY) {
    const { functionVersion, functionName, ...rest } = environment;
    const xRayTraceId = headers['lambda-runtime-trace-id'];
    return { ...invocation, xRayTraceId, getRemainingTimeInMillis, functionName, functionVersion, ...rest };
  }
  return { callbackWaitsForEmptyEventLoop: true, ...environment, ...invocation, getRemainingTimeInMillis };
}

/** One buffered invocation: resolves once its answer was posted. Only the first of callback/done/succeed/fail counts. */
function invokeBuffered(handler, event, context, requestId) {
  return new Promise((settled) => {
    let answered = false;
    const once = (answer) => (...args) => {
      if (answered) return;
      answered = true;
      onEmptyLoop = null;
      answer(...args);
    };
    const post = (result) => {
      let body;
      try {
        body = JSON.stringify(result === undefined ? null : result);
      } catch {
        report(new Error('Unable to stringify response body'));
        return;
      }
      postResponse(requestId, body).then(settled, settled);
    };
    const report = (error) => {
      logError('Invoke Error', error);
      postError(requestId, error).then(settled, settled);
    };
    const done = once((error, result) => (error !== undefined && error !== null ? report(error) : post(result)));
    const callback = once((error, result) => {
      if (error !== undefined && error !== null) report(error);
      else if (!context.callbackWaitsForEmptyEventLoop) post(result);
      else onEmptyLoop = () => post(result);
    });
    context.done = done;
    context.succeed = (result) => done(null, result);
    context.fail = (error) => done(error === undefined || error === null ? 'handled' : error, null);
    // A handler that neither calls back nor returns a promise answers null once the loop is empty;
    // an async one whose promise never settles fails then.
    const isAsync = handler.constructor && handler.constructor.name === 'AsyncFunction';
    onEmptyLoop = isAsync ? once(() => report(new NodeJsExit())) : once(() => post(null));
    try {
      const returned = handler(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then(context.succeed, context.fail);
    } catch (error) {
      callback(error);
    }
  });
}

/** One invocation under nodejs24.x and later: the handler's result, awaited, is the answer. */
async function invokeAwaited(handler, event, context, requestId) {
  let body;
  try {
    const result = await handler(event, context);
    try {
      body = JSON.stringify(result === undefined ? null : result);
    } catch {
      throw new JSONStringifyError('Unable to stringify response body');
    }
  } catch (error) {
    logError('Invoke Error', error);
    await postError(requestId, error);
    return;
  }
  await postResponse(requestId, body);
}

/** One streamed invocation: the handler writes to the response stream; resolves once it ended. */
async function invokeStreaming(handler, event, context, requestId) {
  const { stream, done, fail } = openResponseStream(API, requestId);
  try {
    const returned = handler(event, stream, context);
    if (!returned || typeof returned.then !== 'function') throw new Error('Streaming does not support non-async handlers.');
    if ((await returned) !== undefined) console.warn('Streaming handlers ignore return values.');
    await done;
    if (!stream.writableFinished) throw new Error('Response stream is not finished.');
  } catch (error) {
    logError('Invoke Error', error);
    fail(errorDocument(error));
    await done.catch(() => undefined);
  }
}

let currentRequestId;

async function main() {
  patchConsole({ newerClient: PROMISES_ONLY });
  installGlobal();
  localEndpoints.install();
  let handler;
  let streaming;
  try {
    handler = await loadHandler(process.env._HANDLER);
    streaming = isStreaming(handler);
    if (PROMISES_ONLY && handler.length >= 3 && !streaming) throw new CallbackHandlerDeprecated(CALLBACK_HANDLER_REMOVED);
  } catch (error) {
    logError(PROMISES_ONLY ? 'Init Error' : 'Uncaught Exception', error); // nodejs24.x's client: runtime-setup.ts
    hintAtMissingSdk(error);
    const document = errorDocument(error);
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
    setRequestId(requestId, next.headers['lambda-runtime-aws-tenant-id']);
    process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'] || '';
    const context = makeContext(next.headers);
    let event;
    try {
      const text = next.body.toString('utf8');
      event = text ? JSON.parse(text) : {};
    } catch (error) {
      await postError(requestId, error);
      continue;
    }
    if (streaming) await invokeStreaming(handler, event, context, requestId);
    else if (PROMISES_ONLY) await invokeAwaited(handler, event, context, requestId);
    else await invokeBuffered(handler, event, context, requestId);
  }
}

// An exception nothing caught, or a rejection nothing handled, fails the invocation under way; the process ends.
process.on('uncaughtException', (error) => failAndExit('Uncaught Exception', error, 129));
process.on('unhandledRejection', (reason, promise) => {
  failAndExit('Unhandled Promise Rejection', new UnhandledPromiseRejection(reason, promise), 128);
});

function failAndExit(label, error, code) {
  logError(label, error);
  if (answering) {
    answering.exitCode = code; // the invocation's answer is on its way: it stands, then the process ends
    return;
  }
  const posted = currentRequestId ? postError(currentRequestId, error, true) : Promise.resolve();
  posted.finally(() => process.exit(code));
}

main();
