#!/usr/bin/env node
'use strict';
// `npm run dev`: provisions everything Partnerflow needs on this machine — dependencies,
// PostgreSQL, Temporal, a mail sink — then runs the worker and the api. State lives in .data/
// so a second run picks up where the first stopped. Ctrl-C stops everything it started.
const crypto = require('node:crypto');
const fs = require('node:fs');
const { REPO_ROOT, repoPath, progress, SetupError, describeFailure } = require('./lib/repo');
const { ensureDependencies } = require('./lib/deps');
const { ServiceProcess, ShutdownStack } = require('./lib/processes');
const { waitForHttp, assertPortFree } = require('./lib/readiness');
const { takeOverCheckout, recordServices, releaseCheckout } = require('./lib/dev-run');

/** @param {string} name @param {number} fallback */
function portFromEnv(name, fallback) {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SetupError(`${name}=${value} is not a port number.`);
  return port;
}

const shutdown = new ShutdownStack();

/** @param {string} text */
const shortHash = (text) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 12);
let stopping = false;

/** Runs `node dist/<script>` to completion; its output is prefixed like a service's. */
async function runScript(name, script, env) {
  const service = new ServiceProcess(name, process.execPath, ['--enable-source-maps', repoPath('dist', script)], {
    env: { ...process.env, ...env },
  });
  const { code } = await service.exited;
  if (code !== 0 && !stopping) throw new SetupError(`${name} failed: ${service.describeExit()}`);
}

/** Hides the password in a connection URL before printing it. @param {string} url */
function redactUrl(url) {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1•••@');
}

/**
 * Fails up front, with the reason and what to do, when DATABASE_URL cannot be used — instead of
 * after Temporal has started, with a stack trace from the migration runner.
 * @param {string} url
 */
async function assertDatabaseReachable(url) {
  const { Client } = require(require.resolve('pg', { paths: [REPO_ROOT] }));
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const { code, message } = /** @type {NodeJS.ErrnoException} */ (error);
    let database = 'partnerflow';
    try {
      database = decodeURIComponent(new URL(url).pathname.slice(1)) || database;
    } catch {
      // not a URL pg could use either; the message below says why
    }
    const hint = code === '3D000'
      ? ` Create it first (e.g. \`createdb ${database}\`, or CREATE DATABASE "${database}" in psql).`
      : ' Check that this PostgreSQL is running and the URL is right.';
    throw new SetupError(
      `Cannot connect to DATABASE_URL (${redactUrl(url)}): ${message || code || String(error)}.${hint} ` +
        'Or unset DATABASE_URL to let `npm run dev` run its own PostgreSQL.',
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function printSummary({ apiUrl, temporalUiUrl, inboxUrl, adminKey, databaseUrl }) {
  const lines = [
    'Partnerflow is running. Ctrl-C stops everything.',
    '',
    `API           ${apiUrl}`,
    `API docs      ${apiUrl}/docs`,
    `Temporal UI   ${temporalUiUrl}`,
    `Mail inbox    ${inboxUrl}`,
    `Database      ${redactUrl(databaseUrl)}`,
    `Admin key     ${adminKey}`,
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const border = '─'.repeat(width + 2);
  // The sample commands stay outside the box so they copy-paste cleanly.
  process.stdout.write(`
┌${border}┐
${lines.map((line) => `│ ${line.padEnd(width)} │`).join('\n')}
└${border}┘
Apply to the demo program:
  curl -X POST ${apiUrl}/v1/programs/demo/applications \\
    -H 'content-type: application/json' \\
    -d '{"name": "Ada Lovelace", "email": "ada@example.com", "country": "GB",
         "website": "https://ada.example.com", "audienceSize": 12000, "partnerType": "content"}'
Then look the partner up as an operator:
  curl -H 'authorization: Bearer ${adminKey}' ${apiUrl}/v1/partners/<partnerId>
Give it a link and report a sale (the postback secret is shown once):
  curl -X POST -H 'authorization: Bearer ${adminKey}' -H 'content-type: application/json' \\
    -d '{"destination": "https://example.com/"}' ${apiUrl}/v1/partners/<partnerId>/links
  curl -X POST -H 'authorization: Bearer ${adminKey}' ${apiUrl}/v1/programs/demo/postback-secret
  curl '${apiUrl}/v1/postbacks?program=demo&token=<secret>&click_id=<pf_click from the redirect>&event=sale&external_id=order-1&amount=49.99&currency=EUR'

`);
}

async function main() {
  const ports = {
    postgres: portFromEnv('PG_PORT', 55432),
    temporal: portFromEnv('TEMPORAL_PORT', 7233),
    temporalUi: portFromEnv('TEMPORAL_UI_PORT', 8233),
    smtp: portFromEnv('SMTP_PORT', 1025),
    mailUi: portFromEnv('MAIL_UI_PORT', 8025),
    api: portFromEnv('PORT', 3000),
  };

  await takeOverCheckout();
  recordServices();
  await ensureDependencies();
  await require('./build').build();
  if (stopping) return;
  // Modules below need the installed packages.
  const { startPostgres } = require('./lib/postgres');
  const { ensureTemporalCli } = require('./lib/temporal-binaries');
  const { startTemporalDevServer } = require('./lib/temporal-server');
  const { startMailSink } = require('./lib/mail-sink');
  const { resolveAdminApiKey } = require('./lib/admin-key');

  // Fail up front, with the variable to change, rather than half-way through starting things.
  /** @type {[number, string, string][]} port, what uses it, the variable that moves it */
  const fixedPorts = [
    [ports.temporal, 'Temporal', 'TEMPORAL_PORT'], [ports.temporalUi, 'Temporal UI', 'TEMPORAL_UI_PORT'],
    [ports.smtp, 'mail sink SMTP', 'SMTP_PORT'], [ports.mailUi, 'mail inbox', 'MAIL_UI_PORT'], [ports.api, 'api', 'PORT'],
  ];
  if (!process.env.DATABASE_URL) fixedPorts.unshift([ports.postgres, 'PostgreSQL', 'PG_PORT']);
  for (const [port, purpose, variable] of fixedPorts) await assertPortFree(port, purpose, variable);

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    await assertDatabaseReachable(databaseUrl);
    progress(`using the database at DATABASE_URL (${redactUrl(databaseUrl)})`);
  } else {
    const postgres = await startPostgres({ dataDir: repoPath('.data', 'postgres'), port: ports.postgres });
    shutdown.add('PostgreSQL', postgres.stop);
    if (stopping) return;
    await postgres.ensureDatabase('partnerflow');
    databaseUrl = postgres.urlFor('partnerflow');
  }
  // After each step: a Ctrl-C while starting stops what is up and starts nothing more.
  if (stopping) return;

  const temporalCli = ensureTemporalCli();
  if (stopping) return;
  const temporal = await startTemporalDevServer({
    cli: temporalCli,
    port: ports.temporal,
    uiPort: ports.temporalUi,
    // Workflows belong with the database their partners live in: a DATABASE_URL of your own
    // gets its own Temporal state file, so listings never show partners of another database.
    dbFile: repoPath('.data', 'temporal', process.env.DATABASE_URL ? `dev-${shortHash(process.env.DATABASE_URL)}.sqlite` : 'dev.sqlite'),
  });
  shutdown.add('Temporal', temporal.stop);
  if (stopping) return;

  const mail = await startMailSink({ smtpPort: ports.smtp, httpPort: ports.mailUi });
  shutdown.add('mail sink', mail.close);
  if (stopping) return;
  progress(`mail sink on SMTP 127.0.0.1:${mail.smtpPort}, inbox http://localhost:${mail.httpPort}`);

  progress('applying database migrations…');
  await runScript('migrate', 'prisma/migrate.js', { DATABASE_URL: databaseUrl });
  if (stopping) return;
  const adminKey = resolveAdminApiKey();
  if (adminKey.source === 'new') progress('generated an admin API key (saved in .data/admin-api-key)');
  progress('seeding the demo program…');
  await runScript('seed', 'prisma/seed.js', { DATABASE_URL: databaseUrl, ADMIN_API_KEY: adminKey.key });
  if (stopping) return;

  const apiUrl = `http://localhost:${ports.api}`;
  const bundle = repoPath('dist', 'workflow-bundle.js');
  const appEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_UI_URL: temporal.uiUrl,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mail.smtpPort),
    PORT: String(ports.api),
    // Like every other dev service: reachable from this machine only, unless HOST says otherwise.
    HOST: process.env.HOST || '127.0.0.1',
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || apiUrl,
    // Webhook receivers in development usually run on this machine.
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: process.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS || 'true',
    ...(fs.existsSync(bundle) && !process.env.WORKFLOW_BUNDLE_PATH ? { WORKFLOW_BUNDLE_PATH: bundle } : {}),
  };
  const node = (entry) => ['--enable-source-maps', repoPath('dist', 'apps', entry, 'src', 'main.js')];
  progress('starting the worker and the api…');
  const worker = new ServiceProcess('worker', process.execPath, node('worker'), { env: appEnv });
  shutdown.add('worker', () => worker.stop());
  const api = new ServiceProcess('api', process.execPath, node('api'), { env: appEnv });
  shutdown.add('api', () => api.stop());

  await waitForHttp(`http://127.0.0.1:${ports.api}/health`, { service: api, timeoutMs: 180_000, intervalMs: 1_000 });
  if (stopping) return;
  for (const service of [worker, api, temporal.service]) {
    service.exited.then(() => {
      if (stopping) return;
      process.stderr.write(`\n✖ ${service.describeExit()}\nShutting everything down.\n`);
      stopAndExit(1);
    });
  }
  printSummary({ apiUrl, temporalUiUrl: temporal.uiUrl, inboxUrl: `http://localhost:${mail.httpPort}`, adminKey: adminKey.key, databaseUrl });
}

/** @param {number} code */
function stopAndExit(code) {
  stopping = true;
  shutdown.run(progress).then(() => {
    releaseCheckout();
    process.exit(code);
  });
}

// Ctrl-C is the normal way to leave `npm run dev`, so it exits 0 (npm prints no error for it).
shutdown.onSignals(() => {
  process.stderr.write('\n');
  stopAndExit(0);
});

main().catch(async (error) => {
  // A Ctrl-C also interrupts the command we were waiting for (npm, pip share our terminal): let
  // the signal handler run first, so that command's failure is not reported as the problem.
  await new Promise((resolve) => setTimeout(resolve, 100));
  if (stopping) return; // interrupted while starting: the signal handler is already cleaning up
  process.stderr.write(`${describeFailure(error)}\n`);
  stopAndExit(1);
});
