import type { NextFunction, Request, Response } from 'express';
import type { ApiMetrics } from './api-metrics';

/**
 * Counts every response and times it, labelled by the route template (`/v1/partners/:partnerId`)
 * rather than the path, so label cardinality stays bounded; unmatched paths share one label.
 */
export function httpMetricsMiddleware(metrics: ApiMetrics) {
  return (request: Request, response: Response, next: NextFunction) => {
    const stopTimer = process.hrtime.bigint();
    response.once('finish', () => {
      const route = request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - stopTimer) / 1e9;
      metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
      metrics.httpDuration.observe({ method: request.method, route }, seconds);
    });
    next();
  };
}
