'use strict';
// Waiting for services to come up, with errors that say why they did not, and port helpers.
// Node built-ins only.
const http = require('node:http');
const net = require('node:net');
const { SetupError } = require('./repo');

/** @typedef {import('./processes').ServiceProcess} ServiceProcess */

/**
 * Polls `check` until it returns true. Fails early, with the service's output, if it dies.
 * @param {string} what e.g. "PostgreSQL on 127.0.0.1:55432"
 * @param {() => Promise<boolean>} check
 * @param {{ service?: ServiceProcess, timeoutMs?: number, intervalMs?: number }} [options]
 */
async function waitUntil(what, check, { service, timeoutMs = 60_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service && !service.running) throw new SetupError(`Gave up waiting for ${what}: ${service.describeExit()}`);
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const output = service ? `\nLast output of ${service.name}:\n${service.recentLines.slice(-20).join('\n')}` : '';
  throw new SetupError(`Timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}.${output}`);
}

/** @param {string} host @param {number} port @returns {Promise<boolean>} */
function portAcceptsConnections(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** @param {string} host @param {number} port @param {Parameters<typeof waitUntil>[2]} [options] */
function waitForPort(host, port, options) {
  return waitUntil(`${host}:${port} to accept connections`, () => portAcceptsConnections(host, port), options);
}

/** @param {string} url @param {Parameters<typeof waitUntil>[2]} [options] waits for a 200 */
function waitForHttp(url, options) {
  const answers200 = () => new Promise((resolve) => {
    const request = http.get(url, { timeout: 5_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
  return waitUntil(`${url} to answer 200`, /** @type {() => Promise<boolean>} */ (answers200), options);
}

/** A port nobody listens on right now: the kernel picks one when we listen on port 0. */
function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Fails with a helpful message when a fixed dev port is taken, instead of a cryptic bind error
 * from deep inside a child process.
 * @param {number} port @param {string} purpose @param {string} envVariable
 */
async function assertPortFree(port, purpose, envVariable, host = '127.0.0.1') {
  if (await portAcceptsConnections(host, port)) {
    throw new SetupError(
      `Port ${port} (${purpose}) is already in use — is another \`npm run dev\` running? ` +
        `Stop it, or choose another port with ${envVariable}=<port>.`,
    );
  }
}

module.exports = { waitUntil, waitForPort, waitForHttp, freePort, assertPortFree, portAcceptsConnections };
