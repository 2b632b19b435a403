import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { PostbackSecretRotations } from '../postback-secret-rotations';
import { ProgramsRepository, type OperatorAction } from '../programs.repository';

/**
 * Creates or replaces the secret merchants and networks authenticate postbacks and events with.
 * It is shown once, in this answer; the old one stops working at once on this api replica and
 * within a few seconds (the program cache's time to live) on the others.
 */
@Injectable()
export class RotatePostbackSecretUseCase {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly rotations: PostbackSecretRotations,
  ) {}

  async execute(programRef: string, action: OperatorAction): Promise<{ programId: string; secret: string }> {
    const program = await this.programs.findByIdOrSlug(programRef);
    if (!program) throw new DomainError(ErrorCode.NOT_FOUND, `program ${programRef} does not exist`);
    // 32 random bytes: unguessable, and URL-safe so it can sit in a postback URL template as `token=`.
    const secret = `pbs_${randomBytes(32).toString('base64url')}`;
    await this.programs.setPostbackSecret(program.id, secret, action);
    this.rotations.rotated(program.id);
    return { programId: program.id, secret };
  }
}
