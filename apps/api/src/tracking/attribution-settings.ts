import { Injectable, Logger } from '@nestjs/common';
import { attributionConfigSchema, DEFAULT_ATTRIBUTION_CONFIG, type AttributionConfig, type ErrorDetail } from '@partnerflow/domain';
import { ProgramsRepository } from '../programs/programs.repository';

export interface ProgramAttribution {
  config: AttributionConfig;
  /** The config version in force, or null when the program has none (schema defaults apply). */
  version: number | null;
  /** Why the stored version could not be used (then `config` holds the defaults). */
  problems: ErrorDetail[];
}

/** A program's current `attribution` config version, parsed; schema defaults when it has none. */
@Injectable()
export class AttributionSettings {
  private readonly logger = new Logger('AttributionSettings');

  constructor(private readonly programs: ProgramsRepository) {}

  async forProgram(programId: string): Promise<ProgramAttribution> {
    const current = await this.programs.currentConfig(programId, 'attribution');
    if (!current) return { config: DEFAULT_ATTRIBUTION_CONFIG, version: null, problems: [] };
    const parsed = attributionConfigSchema.safeParse(current.document);
    if (parsed.success) return { config: parsed.data, version: current.version, problems: [] };
    // Versions are validated when saved; a stored one that no longer parses is an operator fix, not a crash.
    const problems = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
    this.logger.error(`attribution config v${current.version} of program ${programId} is invalid: ${JSON.stringify(problems)}`);
    return { config: DEFAULT_ATTRIBUTION_CONFIG, version: current.version, problems };
  }
}
