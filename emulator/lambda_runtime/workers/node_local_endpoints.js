'use strict';
// Handlers written for AWS reach the emulator by the URLs its events name, as local_endpoints.py
// makes them for Python: a WebSocket handler answers through `https://{domainName}/{stage}`, which
// here names the emulator (its port, on a loopback or *.localhost name) that speaks plain HTTP and
// whose *.localhost names may not resolve. So such an https request goes to the emulator's address
// in plain HTTP, with the name as its Host (SigV4 signs the host, not the scheme or the address).
// The AWS SDK's other calls need nothing: it reads AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>),
// set to the emulator. Versions before 3.428 and aws-sdk v2 do not, and call AWS's own endpoints
// for the services the emulator serves: those go to the emulator the same way (the function's
// credentials are the emulator's, so AWS would refuse them anyway), and so do @connections calls on
// an execute-api host; other requests to execute-api hosts (someone's API) and every other request
// go out untouched.

const http = require('http');
const https = require('https');
const { urlToHttpOptions } = require('url');

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
// AWS's endpoints of the services the emulator serves (DynamoDB's account-based ones included).
const EMULATED_AWS_HOST = /^(?:dynamodb|streams\.dynamodb|\d{12}\.ddb|lambda|logs|apigateway)\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;
const EXECUTE_API_HOST = /^[a-z0-9]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;

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
  const isEmulator = ({ hostname, port, path }) => {
    if (Number(port) === emulator.port) return names.has(hostname) || hostname.endsWith('.localhost');
    if (port && Number(port) !== 443) return false;
    return EMULATED_AWS_HOST.test(hostname) || (EXECUTE_API_HOST.test(hostname) && String(path).includes('/@connections/'));
  };
  const sendHttps = https.request;

  https.request = function request(...args) {
    const [options, callback] = normalized(args);
    const hostname = options.hostname || options.host || 'localhost';
    if (!isEmulator({ hostname, port: options.port, path: options.path })) return sendHttps.apply(this, args);
    const headers = { ...options.headers };
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'host')) {
      headers.host = options.port && Number(options.port) !== 443 ? `${hostname}:${options.port}` : hostname;
    }
    const plain = { ...options, protocol: 'http:', hostname: emulator.hostname, host: undefined, port: emulator.port, agent, headers };
    return http.request(plain, callback);
  };
  https.get = function get(...args) {
    const sent = https.request(...args);
    sent.end();
    return sent;
  };
}

module.exports = { install };
