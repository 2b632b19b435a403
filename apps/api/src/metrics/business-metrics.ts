import { Gauge } from 'prom-client';
import { formatAmount } from '@partnerflow/domain';
import type { ApiMetrics } from './api-metrics';
import type { MetricsRepository, StatusTotal } from './metrics.repository';

/** Scrapes come every few seconds from each Prometheus; the totals are read at most this often. */
const CACHE_MS = 15_000;

/**
 * Ledger and payout totals by status, read from the database when Prometheus scrapes (so every
 * api replica reports the same numbers; sum them with max(), not sum()). Amounts are in major
 * units as Prometheus samples are floats — the API and reports keep the exact figures.
 */
export function registerBusinessMetrics(metrics: ApiMetrics, repository: MetricsRepository): void {
  const cached = (read: () => Promise<StatusTotal[]>) => {
    let value: { at: number; rows: Promise<StatusTotal[]> } | undefined;
    return () => {
      if (!value || Date.now() - value.at > CACHE_MS) value = { at: Date.now(), rows: read() };
      return value.rows;
    };
  };
  const gauges = (subject: string, read: () => Promise<StatusTotal[]>) => {
    const rows = cached(read);
    const labelNames = ['status', 'currency'] as const;
    new Gauge({
      name: `partnerflow_${subject}`,
      help: `${subject} by status and currency`,
      labelNames,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const row of await rows()) this.set({ status: row.status, currency: row.currency }, Number(row.count));
      },
    });
    new Gauge({
      name: `partnerflow_${subject}_amount`,
      help: `${subject} amount (major units) by status and currency`,
      labelNames,
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const row of await rows()) this.set({ status: row.status, currency: row.currency }, toMajor(row.amountMinor, row.currency));
      },
    });
  };
  gauges('commissions', () => repository.commissionsByStatus());
  gauges('payouts', () => repository.payoutsByStatus());
}

const toMajor = (amountMinor: bigint, currency: string): number => Number(formatAmount(amountMinor, currency));
