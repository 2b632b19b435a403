import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { TemplatesController } from './templates.controller';
import { TemplatesRepository } from './templates.repository';
import { GetTemplateUseCase } from './use-cases/get-template.use-case';
import { ListTemplateVersionsUseCase } from './use-cases/list-template-versions.use-case';
import { PreviewTemplateUseCase } from './use-cases/preview-template.use-case';
import { SaveTemplateVersionUseCase } from './use-cases/save-template-version.use-case';

/** Versioned message templates per program, key and locale, with typed variables (issue 7). */
@Module({
  imports: [ProgramsModule],
  controllers: [TemplatesController],
  providers: [TemplatesRepository, SaveTemplateVersionUseCase, GetTemplateUseCase, ListTemplateVersionsUseCase, PreviewTemplateUseCase],
})
export class TemplatesModule {}
