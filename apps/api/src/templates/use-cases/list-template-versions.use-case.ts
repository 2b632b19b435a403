import { Injectable } from '@nestjs/common';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { templateVersionView } from '../template.views';
import { TemplatesRepository } from '../templates.repository';

/** Every saved version of a template, newest first (none yet: an empty page). */
@Injectable()
export class ListTemplateVersionsUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly templates: TemplatesRepository,
  ) {}

  async execute(programRef: string, key: string, { locale, limit, cursor }: { locale: string; limit: number; cursor?: number }) {
    const program = await this.getProgram.execute(programRef);
    const template = await this.templates.findTemplate({ programId: program.id, key, locale });
    if (!template) return { items: [], nextCursor: null };
    const rows = await this.templates.listVersions(template.id, limit, cursor);
    const items = rows.slice(0, limit);
    return { items: items.map((version) => templateVersionView(template, version)), nextCursor: rows.length > limit ? String(items[items.length - 1].version) : null };
  }
}
