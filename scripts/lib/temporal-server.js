'use strict';
// The Temporal dev server (`temporal server start-dev`): SQLite-backed for `npm run dev` so
// workflows survive restarts, in memory for `npm test`. Node built-ins only.
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { progress } = require('./repo');
const { ServiceProcess } = require('./processes');
const { waitUntil } = require('./readiness');

/** Custom search attributes the workflows set; start-dev registers them (idempotently). */
const SEARCH_ATTRIBUTES = ['PartnerId=Keyword', 'ProgramId=Keyword', 'Stage=Keyword', 'WorkflowKind=Keyword'];

/**
 * The CLI reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE… from the environment; those describe
 * what our apps should talk to, not the CLI, so keep them away from it.
 */
function cliEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_')));
}

/**
 * @param {string} cli @param {string} address
 * @returns {Promise<boolean>} true once the frontend answers and our search attributes exist
 */
function searchAttributesRegistered(cli, address) {
  return new Promise((resolve) => {
    execFile(
      cli,
      ['operator', 'search-attribute', 'list', '--address', address, '--namespace', 'default', '--output', 'json'],
      { env: cliEnvironment(), timeout: 10_000 },
      (error, stdout) => resolve(!error && stdout.includes('"PartnerId"')),
    );
  });
}

/**
 * @param {object} options
 * @param {string} options.cli              path of the `temporal` binary
 * @param {number} options.port             frontend gRPC port
 * @param {number} [options.uiPort]         Web UI port; omit for a headless server
 * @param {string} [options.dbFile]         SQLite file; omit to keep everything in memory
 * @param {boolean} [options.echo]
 */
async function startTemporalDevServer({ cli, port, uiPort, dbFile, echo = true }) {
  const address = `127.0.0.1:${port}`;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', 'default',
    '--log-level', 'warn', ...SEARCH_ATTRIBUTES.flatMap((attribute) => ['--search-attribute', attribute])];
  args.push(...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']));
  if (dbFile) {
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }

  progress(`starting Temporal${dbFile ? '' : ' (in memory)'}…`);
  const service = new ServiceProcess('temporal', cli, args, { echo, env: cliEnvironment() });
  await waitUntil(`Temporal on ${address}`, () => searchAttributesRegistered(cli, address), {
    service,
    timeoutMs: 90_000,
  });
  progress(`Temporal ready on ${address}${uiPort ? `, UI on http://localhost:${uiPort}` : ''}`);

  return {
    address,
    uiUrl: uiPort ? `http://localhost:${uiPort}` : undefined,
    service,
    stop: async () => {
      // Its own shutdown chatter (cancelled polls, refused dials) is noise, not news.
      service.echo = false;
      await service.stop('SIGTERM', 15_000);
    },
  };
}

module.exports = { startTemporalDevServer, SEARCH_ATTRIBUTES };
