import { connect, type Socket } from 'node:net';

/**
 * A small closed-loop HTTP/1.1 load generator for loopback benchmarks (so the repository needs no
 * autocannon): `connections` keep-alive sockets, each sending the next request as soon as the
 * previous response is complete, for `durationMs` or `maxRequests`, whichever comes first. It
 * parses only what these benchmarks answer — a status line and a Content-Length body — which keeps
 * it cheap enough not to be the bottleneck before the server is.
 */
export interface LoadOptions {
  port: number;
  /** The same request every time, or the path of the n-th request sent (0, 1, 2, … across connections). */
  path: string | ((sequence: number) => string);
  headers?: Record<string, string>;
  connections: number;
  durationMs: number;
  maxRequests?: number;
}

export interface LoadResult {
  requests: number;
  statuses: Record<number, number>;
  errors: number;
  elapsedMs: number;
  latenciesMs: Float64Array;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export async function generateLoad(options: LoadOptions): Promise<LoadResult> {
  const headerLines = Object.entries({ Host: `127.0.0.1:${options.port}`, Connection: 'keep-alive', ...options.headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const requestTo = (target: string) => `GET ${target} HTTP/1.1\r\n${headerLines}\r\n`;
  const { path } = options;
  // A fixed request is encoded once.
  const fixedRequest = typeof path === 'string' ? Buffer.from(requestTo(path)) : undefined;
  const requestFor = (sequence: number) => fixedRequest ?? requestTo(typeof path === 'string' ? path : path(sequence));
  const maxRequests = options.maxRequests ?? Number.MAX_SAFE_INTEGER;
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let sent = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;

  const runConnection = () =>
    new Promise<void>((resolve) => {
      let socket: Socket;
      let buffer = Buffer.alloc(0);
      let sentAt = 0;
      const sendNext = () => {
        if (performance.now() >= deadline || sent >= maxRequests) {
          socket.end();
          return resolve();
        }
        const request = requestFor(sent);
        sent += 1;
        sentAt = performance.now();
        socket.write(request, 'latin1');
      };
      const open = () => {
        socket = connect({ host: '127.0.0.1', port: options.port }, sendNext);
        socket.setNoDelay(true);
        socket.on('data', (chunk) => {
          buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
          for (;;) {
            const headerEnd = buffer.indexOf(HEADER_END);
            if (headerEnd === -1) return;
            const head = buffer.subarray(0, headerEnd).toString('latin1');
            const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
            const total = headerEnd + HEADER_END.length + length;
            if (buffer.length < total) return;
            const status = Number(head.slice(9, 12));
            statuses[status] = (statuses[status] ?? 0) + 1;
            latencies.push(performance.now() - sentAt);
            buffer = buffer.subarray(total);
            sendNext();
          }
        });
        socket.on('error', () => {
          errors += 1;
        });
        socket.on('close', () => {
          if (performance.now() < deadline && sent < maxRequests) {
            buffer = Buffer.alloc(0);
            open();
          } else {
            resolve();
          }
        });
      };
      open();
    });

  await Promise.all(Array.from({ length: options.connections }, runConnection));
  return {
    requests: latencies.length,
    statuses,
    errors,
    elapsedMs: performance.now() - started,
    latenciesMs: Float64Array.from(latencies).sort(),
  };
}

export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/** Several measurements of one target as one: counts and time summed, latencies merged. */
export function combineLoads(results: LoadResult[]): LoadResult {
  const statuses: Record<number, number> = {};
  for (const result of results) {
    for (const [status, count] of Object.entries(result.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + count;
  }
  const latencies = new Float64Array(results.reduce((sum, result) => sum + result.latenciesMs.length, 0));
  let offset = 0;
  for (const result of results) {
    latencies.set(result.latenciesMs, offset);
    offset += result.latenciesMs.length;
  }
  return {
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    statuses,
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    elapsedMs: results.reduce((sum, result) => sum + result.elapsedMs, 0),
    latenciesMs: latencies.sort(),
  };
}
