import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the probes read: the Temporal worker's state and whether the database answers. */
export interface WorkerProbes {
  workerState(): string;
  databaseUp(): Promise<boolean>;
}

/**
 * Liveness and readiness for orchestrators: `/health` is 200 while the worker has not failed or
 * stopped (a failed worker should be restarted), `/ready` is 200 only while it polls and the
 * database answers (its activities can do their work). Nothing else is served.
 */
export async function startWorkerHealthServer(probes: WorkerProbes, port: number, host = '0.0.0.0'): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    void answer(request.url ?? '', probes).then(({ status, body }) => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function answer(url: string, probes: WorkerProbes): Promise<{ status: number; body: Record<string, unknown> }> {
  const worker = probes.workerState();
  if (url === '/health') {
    const alive = !['FAILED', 'STOPPED'].includes(worker);
    return { status: alive ? 200 : 503, body: { status: alive ? 'up' : 'down', worker } };
  }
  if (url === '/ready') {
    const database = await probes.databaseUp().catch(() => false);
    const ready = worker === 'RUNNING' && database;
    return { status: ready ? 200 : 503, body: { status: ready ? 'ready' : 'not_ready', worker, database: database ? 'up' : 'down' } };
  }
  return { status: 404, body: { error: 'not found: /health and /ready only' } };
}
