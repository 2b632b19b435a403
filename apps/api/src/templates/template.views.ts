import type { MessageTemplate, MessageTemplateVersion } from '@partnerflow/db';
import type { MessageTemplateContent } from '@partnerflow/domain';
import type { z } from 'zod';
import type { templateVersionSchema } from './templates.schemas';

type TemplateVersionView = z.infer<typeof templateVersionSchema>;

export function templateVersionView(template: MessageTemplate, version: MessageTemplateVersion): TemplateVersionView {
  return {
    id: version.id,
    programId: template.programId,
    key: template.key,
    locale: template.locale,
    version: version.version,
    subject: version.subject,
    format: version.format,
    body: version.body,
    variables: version.variables as Record<string, string>,
    createdBy: version.createdBy,
    createdAt: version.createdAt.toISOString(),
  };
}

/** A built-in template shown as version 0 of the program's template. */
export function builtInTemplateView(programId: string, key: string, content: MessageTemplateContent): TemplateVersionView {
  return { id: null, programId, key, locale: 'en', version: 0, ...content, createdBy: null, createdAt: null };
}
