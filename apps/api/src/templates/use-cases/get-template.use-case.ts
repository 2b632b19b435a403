import { Injectable } from '@nestjs/common';
import { DEFAULT_NOTIFICATION_TEMPLATES, DomainError, ErrorCode } from '@partnerflow/domain';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { builtInTemplateView, templateVersionView } from '../template.views';
import { TemplatesRepository } from '../templates.repository';

/** The version a send uses now: the program's latest, else the built-in one (version 0). */
@Injectable()
export class GetTemplateUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly templates: TemplatesRepository,
  ) {}

  async execute(programRef: string, key: string, locale: string) {
    const program = await this.getProgram.execute(programRef);
    const template = await this.templates.findTemplate({ programId: program.id, key, locale });
    const version = template ? await this.templates.findVersion(template.id) : null;
    if (template && version) return templateVersionView(template, version);
    const builtIn = locale === 'en' ? DEFAULT_NOTIFICATION_TEMPLATES[key] : undefined;
    if (builtIn) return builtInTemplateView(program.id, key, builtIn);
    throw new DomainError(ErrorCode.NOT_FOUND, `program ${programRef} has no template ${key} in ${locale}`);
  }

  async list(programRef: string) {
    const program = await this.getProgram.execute(programRef);
    const templates = await this.templates.listTemplates(program.id);
    return {
      items: templates.map((template) => ({ key: template.key, locale: template.locale, latestVersion: template.versions[0].version, updatedAt: template.versions[0].createdAt.toISOString() })),
    };
  }
}
