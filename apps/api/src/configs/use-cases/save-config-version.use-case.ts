import { Injectable } from '@nestjs/common';
import type { ConfigApplyTo, ConfigVersion } from '@partnerflow/db';
import type { ConfigDocumentKind } from '@partnerflow/domain';
import { ProgramsRepository, type OperatorAction } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { toStoredKind } from '../config-kinds.mapping';
import { assertConfigurable, parseConfigDocument } from '../config-document';

export interface ConfigChange {
  document: Record<string, unknown>;
  applyTo: ConfigApplyTo;
}

/**
 * An operator saves a program's config: validated against its kind's schema, stored as the next
 * immutable version (running workflows keep the version they started with) and audited.
 */
@Injectable()
export class SaveConfigVersionUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly programs: ProgramsRepository,
  ) {}

  async execute(programRef: string, kind: ConfigDocumentKind, change: ConfigChange, action: OperatorAction): Promise<ConfigVersion> {
    assertConfigurable(kind);
    const document = parseConfigDocument(kind, change.document);
    const program = await this.getProgram.execute(programRef);
    return this.programs.createConfigVersion(
      {
        programId: program.id,
        kind: toStoredKind(kind),
        document,
        applyTo: change.applyTo,
        auditAfter: { kind, applyTo: change.applyTo },
      },
      action,
    );
  }
}
