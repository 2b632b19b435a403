import { Injectable } from '@nestjs/common';
import { templateContentOf, type SaveTemplateRequest } from '@partnerflow/domain';
import type { OperatorAction } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { templateVersionView } from '../template.views';
import { TemplatesRepository } from '../templates.repository';

/**
 * An operator saves a template (validated by the request schema: every referenced variable is
 * declared or built in, or 400 with the field's path) as its next immutable version.
 */
@Injectable()
export class SaveTemplateVersionUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly templates: TemplatesRepository,
  ) {}

  async execute(programRef: string, key: string, request: SaveTemplateRequest, action: OperatorAction) {
    const program = await this.getProgram.execute(programRef);
    const { template, version } = await this.templates.saveVersion({ programId: program.id, key, locale: request.locale }, templateContentOf(request).content, action);
    return templateVersionView(template, version);
  }
}
