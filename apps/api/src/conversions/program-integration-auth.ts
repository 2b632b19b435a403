import { Injectable } from '@nestjs/common';
import type { Program } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { PostbackSecretRotations } from '../programs/postback-secret-rotations';
import { ProgramsRepository } from '../programs/programs.repository';
import { TtlLruCache } from '../tracking/ttl-lru-cache';
import { SETTINGS_TTL_MS } from './cached-attribution-settings';
import { verifyIntegrationCredentials, type IntegrationCredentials } from './postback-auth';

/** Finds the program a merchant or network reports for and checks it holds the program's secret. */
@Injectable()
export class ProgramIntegrationAuth {
  /**
   * A secret rotated through this replica takes effect at once (the cache is dropped); one rotated
   * through another replica within SETTINGS_TTL_MS, until then the old one still opens the door.
   */
  private readonly programsByRef = new TtlLruCache<string, Program | null>({ maxEntries: 1_000, ttlMs: SETTINGS_TTL_MS });

  constructor(
    private readonly programs: ProgramsRepository,
    rotations: PostbackSecretRotations,
  ) {
    // Keyed by id or slug: dropping everything is simpler than finding both keys, and rotations are rare.
    rotations.onRotated(() => this.programsByRef.clear());
  }

  async authenticate(programRef: string | undefined, credentials: IntegrationCredentials): Promise<Program> {
    if (!programRef) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the program is missing', [{ path: 'program', message: 'is required (id or slug)' }]);
    }
    const program = await this.programsByRef.get(programRef, (ref) => this.programs.findByIdOrSlug(ref));
    // Unknown program and wrong secret answer alike, so the endpoint does not reveal which programs exist.
    if (!program) throw new DomainError(ErrorCode.UNAUTHENTICATED, `no program ${programRef} with these credentials`);
    verifyIntegrationCredentials(program.postbackSecret, credentials, new Date());
    return program;
  }
}
