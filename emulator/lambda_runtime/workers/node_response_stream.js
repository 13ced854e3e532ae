'use strict';
// Response streaming as AWS's Node.js runtimes offer it: the `awslambda` global
// (streamifyResponse, HttpResponseStream) and the response stream a streaming
// handler writes to, posted to the Runtime API as a chunked body with
// `Lambda-Runtime-Function-Response-Mode: streaming`; an error after the
// stream began goes in the trailers.

const http = require('http');

const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
const HANDLER_HIGH_WATER_MARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
const STREAM_RESPONSE = 'response';
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const PRELUDE_DELIMITER_LENGTH = 8;
const ERROR_TYPE_TRAILER = 'Lambda-Runtime-Function-Error-Type';
const ERROR_BODY_TRAILER = 'Lambda-Runtime-Function-Error-Body';

class InvalidStreamingOperation extends Error {}
InvalidStreamingOperation.prototype.name = 'Runtime.InvalidStreamingOperation';
class MalformedStreamingHandler extends Error {}
MalformedStreamingHandler.prototype.name = 'Runtime.MalformedStreamingHandler';

/** The metadata prelude of the http-integration-response content type (status, headers, cookies). */
class HttpResponseStream {
  static from(underlyingStream, prelude) {
    underlyingStream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    const metadata = JSON.stringify(prelude);
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadata);
      write(new Uint8Array(PRELUDE_DELIMITER_LENGTH));
    };
    return underlyingStream;
  }
}

function installGlobal() {
  const disabled = ['1', 'true'].includes(process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA);
  if (disabled) return;
  globalThis.awslambda = {
    streamifyResponse(handler, options) {
      handler[HANDLER_STREAMING] = STREAM_RESPONSE;
      if (typeof options?.highWaterMark === 'number') handler[HANDLER_HIGH_WATER_MARK] = parseInt(options.highWaterMark);
      return handler;
    },
    HttpResponseStream,
  };
}

/** Whether the handler asked to stream (a marker other than 'response' is refused, as AWS does). */
function isStreaming(handler) {
  const marker = handler[HANDLER_STREAMING];
  if (marker === undefined || marker === null || marker === false) return false;
  if (marker === STREAM_RESPONSE) return true;
  throw new MalformedStreamingHandler('Only response streaming is supported.');
}

/**
 * The writable stream for one invocation's response, and `done`: settles once the
 * Runtime API answered (after the stream ended). Nothing is sent before the first write.
 */
function openResponseStream(api, requestId) {
  let written = false;
  const request = http.request({
    host: api.host,
    port: api.port,
    path: `${api.prefix}/invocation/${requestId}/response`,
    method: 'POST',
    agent: api.agent,
    headers: {
      'Lambda-Runtime-Function-Response-Mode': 'streaming',
      'Transfer-Encoding': 'chunked',
      Trailer: `${ERROR_TYPE_TRAILER}, ${ERROR_BODY_TRAILER}`,
      'Content-Type': 'application/octet-stream',
    },
  });
  const done = new Promise((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      response.on('end', resolve);
      response.on('error', reject);
    });
    request.on('error', reject);
  });
  const send = request.write.bind(request);
  const finish = request.end.bind(request);
  const beforeFirstWrite = () => {
    if (!written && typeof request._onBeforeFirstWrite === 'function') request._onBeforeFirstWrite((chunk) => send(chunk));
    written = true;
  };
  request.setContentType = (contentType) => {
    if (written) throw new InvalidStreamingOperation('Cannot set content-type, too late.');
    request.setHeader('Content-Type', contentType);
  };
  request.write = (chunk, encoding, callback) => {
    const data = typeof chunk === 'string' || chunk instanceof Uint8Array ? chunk : JSON.stringify(chunk);
    beforeFirstWrite();
    return send(data, encoding, callback);
  };
  request.end = (chunk, encoding, callback) => {
    if (typeof chunk === 'function') return request.end(undefined, undefined, chunk);
    if (typeof encoding === 'function') return request.end(chunk, undefined, encoding);
    if (chunk !== undefined && chunk !== null) request.write(chunk, encoding);
    beforeFirstWrite(); // a status and headers without a body still reach the client
    return finish(callback);
  };
  const fail = (document) => {
    if (request.writableEnded) return;
    request.addTrailers({
      [ERROR_TYPE_TRAILER]: document.errorType,
      [ERROR_BODY_TRAILER]: Buffer.from(JSON.stringify(document)).toString('base64'),
    });
    finish();
  };
  return { stream: request, done, fail };
}

module.exports = { installGlobal, isStreaming, openResponseStream };
