'use strict';
// console.* as AWS's Node.js runtimes write it to the function's log: one event
// per call, its newlines kept (the runtime sends each call as one frame of the
// platform's telemetry channel; only process.stdout output is cut at newlines).
// Text format (the default): `timestamp\trequestId\tLEVEL\tmessage`. With
// AWS_LAMBDA_LOG_FORMAT=JSON (LoggingConfig LogFormat JSON): one JSON object per
// call. AWS_LAMBDA_LOG_LEVEL (set with JSON, from ApplicationLogLevel) drops the
// levels below it. Paths read as on AWS (node_aws_paths.js).

const util = require('util');
const { asOnAws } = require('./node_aws_paths.js');

const LEVELS = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };
const JSON_FORMAT = (process.env.AWS_LAMBDA_LOG_FORMAT || '').toUpperCase() === 'JSON';
const MIN_LEVEL = LEVELS[(process.env.AWS_LAMBDA_LOG_LEVEL || '').toUpperCase()] || LEVELS.TRACE;
// Where AWS's runtime keeps the current request id, for libraries that read it there.
const REQUEST_ID = Symbol.for('aws.lambda.runtime.requestId');

let requestId;
let tenantId;
// nodejs24.x and later run AWS's newer runtime client (src/logging/*.ts): tenantId in JSON records.
let newerClient = false;

function setRequestId(id, tenant) {
  requestId = id;
  tenantId = tenant;
  globalThis[REQUEST_ID] = id;
}

function errorFields(error) {
  return Object.assign(
    {
      errorType: error?.constructor?.name ?? 'UnknownError',
      errorMessage: error.message,
      stackTrace: typeof error.stack === 'string' ? error.stack.split('\n') : error.stack,
    },
    error,
  );
}

function jsonLine(level, message, params) {
  const record = { timestamp: new Date().toISOString(), level, requestId };
  if (newerClient && tenantId) record.tenantId = tenantId;
  if (params.length === 0) {
    record.message = message;
    try {
      return JSON.stringify(record, (_, value) => (value instanceof Error ? errorFields(value) : value));
    } catch {
      record.message = util.format(message);
      return JSON.stringify(record);
    }
  }
  record.message = util.format(message, ...params);
  // The older client (LogPatch.js) looks for an Error among all the arguments, the newer one after the message.
  const error = (newerClient ? params : [message, ...params]).find((param) => param instanceof Error);
  if (error) {
    record.errorType = error?.constructor?.name ?? 'UnknownError';
    record.errorMessage = error.message;
    record.stackTrace = typeof error.stack === 'string' ? error.stack.split('\n') : [];
  }
  return JSON.stringify(record);
}

/** A call of several lines as one output line the server reads back as one event (logs.py's RECORD_MARK). */
function oneEvent(text) {
  return '\x00' + text.replace(/\x00/g, '\x00\x01').replace(/\n/g, '\x00\x02');
}

function write(level, message, params) {
  if (JSON_FORMAT) {
    // AWS's client frames a JSON record with no newline after it (logJsonToFd), a text one with one (logTextToFd):
    // marked so that its event ends with the object (logs.py's WHOLE_RECORD_MARK). JSON.stringify escapes
    // every control character, so the object has no newline or NUL to escape.
    process.stdout.write('\x00\x03' + asOnAws(jsonLine(level, message, params)) + '\n');
    return;
  }
  const line = asOnAws(`${new Date().toISOString()}\t${requestId}\t${level}\t${util.format(message, ...params)}`);
  process.stdout.write((line.includes('\n') ? oneEvent(line) : line) + '\n');
}

function patchConsole(options) {
  newerClient = options.newerClient;
  // Before the first invocation: the newer client's invoke store answers "-" (getRequestId), the older
  // client's global symbol is not set yet, so its lines read "undefined" (text) or have none (JSON).
  if (newerClient) requestId = '-';
  for (const [method, level] of [['trace', 'TRACE'], ['debug', 'DEBUG'], ['info', 'INFO'], ['warn', 'WARN'], ['error', 'ERROR'], ['fatal', 'FATAL']]) {
    console[method] = LEVELS[level] < MIN_LEVEL ? () => {} : (message, ...params) => write(level, message, params);
  }
  console.log = console.info;
}

/** An error with its own enumerable members, as the runtime prints it after "Invoke Error". */
function formatted(error) {
  const replacer = (_, value) => {
    if (!(value instanceof Error)) return value;
    const shown = Object.assign({ errorType: value.name, errorMessage: value.message, code: value.code }, value);
    if (typeof value.stack === 'string') shown.stack = value.stack.split('\n');
    return shown;
  };
  return '\t' + JSON.stringify(error, replacer);
}

/** "Invoke Error" / "Uncaught Exception" lines, in the log format in use. */
function logError(label, error) {
  if (JSON_FORMAT) console.error(error instanceof Error ? error : new Error(String(error)));
  else console.error(label, formatted(error instanceof Error ? error : new Error(String(error))));
}

module.exports = { patchConsole, setRequestId, logError };
