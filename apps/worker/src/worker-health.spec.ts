import { startWorkerHealthServer, type WorkerProbes } from './worker-health';

describe('worker health server', () => {
  const probes = { state: 'RUNNING', database: true };
  const fake: WorkerProbes = { workerState: () => probes.state, databaseUp: async () => probes.database };
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    const { server, port } = await startWorkerHealthServer(fake, 0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: await response.json() };
  };

  it('is ready while the worker polls and the database answers', async () => {
    Object.assign(probes, { state: 'RUNNING', database: true });
    expect(await get('/ready')).toEqual({ status: 200, body: { status: 'ready', worker: 'RUNNING', database: 'up' } });
    expect((await get('/health')).status).toBe(200);
  });

  it('is alive but not ready while draining or without a database', async () => {
    Object.assign(probes, { state: 'DRAINING', database: true });
    expect((await get('/ready')).status).toBe(503);
    expect((await get('/health')).status).toBe(200);
    Object.assign(probes, { state: 'RUNNING', database: false });
    expect(await get('/ready')).toEqual({ status: 503, body: { status: 'not_ready', worker: 'RUNNING', database: 'down' } });
  });

  it('is down once the worker failed, so the orchestrator restarts it', async () => {
    Object.assign(probes, { state: 'FAILED', database: true });
    expect(await get('/health')).toEqual({ status: 503, body: { status: 'down', worker: 'FAILED' } });
    expect((await get('/metrics')).status).toBe(404);
  });
});
