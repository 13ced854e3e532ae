'use strict';
// Handlers written for AWS reach the emulator by the URLs its events name, as local_endpoints.py
// makes them for Python: a WebSocket handler answers through `https://{domainName}/{stage}`, which
// here names the emulator (its port, on a loopback or *.localhost name) that speaks plain HTTP and
// whose *.localhost names may not resolve. So such an https request goes to the emulator's address
// in plain HTTP, with the name as its Host (SigV4 signs the host, not the scheme or the address).
// Every other request goes out untouched. The AWS SDK's other calls need nothing: it reads
// AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>), set to the emulator.

const http = require('http');
const https = require('https');
const { urlToHttpOptions } = require('url');

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** The emulator's address from AWS_ENDPOINT_URL, if it is plain HTTP with a port; else null. */
function emulatorAddress(endpointUrl) {
  let url;
  try {
    url = new URL(endpointUrl || '');
  } catch {
    return null;
  }
  return url.protocol === 'http:' && url.port ? { hostname: url.hostname, port: Number(url.port) } : null;
}

/** https.request's arguments ((url, options, callback) in any of its forms) as one options object and the callback. */
function normalized(args) {
  const [first, second, third] = args;
  if (typeof first !== 'string' && !(first instanceof URL)) return [first || {}, second];
  const fromUrl = urlToHttpOptions(new URL(first));
  return typeof second === 'function' ? [fromUrl, second] : [{ ...fromUrl, ...second }, third];
}

function install() {
  const emulator = emulatorAddress(process.env.AWS_ENDPOINT_URL);
  if (emulator === null) return;
  const agent = new http.Agent({ keepAlive: true });
  const names = new Set([...LOOPBACK, emulator.hostname]);
  const isEmulator = (hostname, port) =>
    Number(port) === emulator.port && (names.has(hostname) || hostname.endsWith('.localhost'));
  const sendHttps = https.request;

  https.request = function request(...args) {
    const [options, callback] = normalized(args);
    const hostname = options.hostname || options.host || 'localhost';
    if (!isEmulator(hostname, options.port)) return sendHttps.apply(this, args);
    const headers = { ...options.headers };
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'host')) headers.host = `${hostname}:${options.port}`;
    const plain = { ...options, protocol: 'http:', hostname: emulator.hostname, host: undefined, port: emulator.port, agent, headers };
    return http.request(plain, callback);
  };
  https.get = function get(...args) {
    const sent = https.request(...args);
    sent.end();
    return sent;
  };
}

module.exports = { install, emulatorAddress };
