import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The api's Prometheus metrics, in a registry of its own (not prom-client's global one) so that
 * several apps in one process — the end-to-end tests — don't share or collide on counters.
 */
export class ApiMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'partnerflow_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'partnerflow_http_request_duration_seconds',
    help: 'Time from request to response, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly clicks = new Counter({
    name: 'partnerflow_clicks_total',
    help: 'Tracking-link redirects, by outcome (recorded, or redirected without credit)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly conversions = new Counter({
    name: 'partnerflow_conversions_total',
    help: 'Conversions reported, by type, source and outcome (created, duplicate)',
    labelNames: ['type', 'source', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'partnerflow_api_' });
  }
}
