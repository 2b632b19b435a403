import { Injectable } from '@nestjs/common';
import {
  DEFAULT_NOTIFICATION_TEMPLATES,
  DomainError,
  ErrorCode,
  renderTemplate,
  SAMPLE_BUILT_IN_VALUES,
  templateContentOf,
  type MessageTemplateContent,
  type PreviewTemplateRequest,
  type TemplateVariables,
} from '@partnerflow/domain';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { TemplatesRepository } from '../templates.repository';

type Source = { source: 'draft' | 'saved' | 'built_in'; version: number | null; content: MessageTemplateContent };

/**
 * Renders a template with sample values, changing nothing: a draft, a saved version (the latest
 * unless `version`), or the built-in one. Sample values are type-checked like real ones (400 with
 * `variables.<name>`); built-in variables left out get sample values.
 */
@Injectable()
export class PreviewTemplateUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly templates: TemplatesRepository,
  ) {}

  async execute(programRef: string, key: string, request: PreviewTemplateRequest) {
    const program = await this.getProgram.execute(programRef);
    const { source, version, content } = await this.sourceOf(program.id, key, request);
    const outcome = renderTemplate(content, { ...SAMPLE_BUILT_IN_VALUES, programName: program.name, ...request.variables });
    if (!outcome.ok) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the sample variables do not fit the template', outcome.details);
    return { key, locale: request.draft?.locale ?? request.locale, source, version, ...outcome.rendered };
  }

  private async sourceOf(programId: string, key: string, request: PreviewTemplateRequest): Promise<Source> {
    if (request.draft) return { source: 'draft', version: null, content: templateContentOf(request.draft).content };
    const template = await this.templates.findTemplate({ programId, key, locale: request.locale });
    const saved = template ? await this.templates.findVersion(template.id, request.version) : null;
    if (saved) {
      return { source: 'saved', version: saved.version, content: { subject: saved.subject, format: saved.format, body: saved.body, variables: saved.variables as TemplateVariables } };
    }
    const builtIn = request.version === undefined && request.locale === 'en' ? DEFAULT_NOTIFICATION_TEMPLATES[key] : undefined;
    if (builtIn) return { source: 'built_in', version: 0, content: builtIn };
    throw new DomainError(ErrorCode.NOT_FOUND, `there is no template ${key}${request.version ? ` version ${request.version}` : ''} in ${request.locale}`);
  }
}
