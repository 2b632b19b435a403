import { Injectable } from '@nestjs/common';
import { AttributionSettings, type ProgramAttribution } from '../tracking/attribution-settings';
import { TtlLruCache } from '../tracking/ttl-lru-cache';

/** How stale a program's attribution config may be on the ingestion path: a saved version applies within this. */
export const SETTINGS_TTL_MS = 5_000;

/** The program's attribution config for ingestion, read at most once per program every few seconds. */
@Injectable()
export class CachedAttributionSettings {
  private readonly cache = new TtlLruCache<string, ProgramAttribution>({ maxEntries: 1_000, ttlMs: SETTINGS_TTL_MS });

  constructor(private readonly settings: AttributionSettings) {}

  forProgram(programId: string): Promise<ProgramAttribution> {
    return this.cache.get(programId, (id) => this.settings.forProgram(id));
  }
}
