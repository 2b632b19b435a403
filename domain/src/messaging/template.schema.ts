import { z } from 'zod';
import { templateReferenceProblems, type MessageTemplateContent } from './template.engine';
import { templateVariablesSchema } from './template-variables';

/** `PUT /v1/programs/:id/templates/:key`: template keys name what the template is for. */
export const TEMPLATE_KEY = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const templateKeySchema = z.string().regex(TEMPLATE_KEY, 'must be lower-case letters, digits, ".", "_" or "-" (up to 100)');
export const localeSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language code like "en" or "pt-BR"')
  .describe('language of this version, e.g. "en" or "pt-BR"');

/**
 * A template version to save: exactly one of `bodyText` and `bodyMarkdown`, and `variables`
 * declaring every variable the subject and body use (besides the built-in ones). A reference to
 * an undeclared variable fails here, with the field's path — never later, at send time.
 */
export const saveTemplateSchema = z
  .object({
    locale: localeSchema.default('en'),
    subject: z.string().trim().min(1).max(300),
    bodyText: z.string().min(1).max(50_000).optional().describe('plain text; paragraphs at blank lines'),
    bodyMarkdown: z.string().min(1).max(50_000).optional().describe('Markdown: headings, lists, **bold**, *italic*, `code`, [links](https://…)'),
    variables: templateVariablesSchema.default({}).describe('name → type: string, number, integer, boolean, date, datetime, url, email, money; "?" for optional'),
  })
  .strict()
  .superRefine((value, context) => {
    if ((value.bodyText === undefined) === (value.bodyMarkdown === undefined)) {
      context.addIssue({ code: 'custom', path: ['bodyText'], message: 'give exactly one of bodyText and bodyMarkdown' });
      return;
    }
    const { content, bodyPath } = templateContentOf(value);
    for (const problem of templateReferenceProblems(content, bodyPath)) {
      context.addIssue({ code: 'custom', path: problem.path.split('.'), message: problem.message });
    }
  });
export type SaveTemplateRequest = z.infer<typeof saveTemplateSchema>;

export function templateContentOf(request: Pick<SaveTemplateRequest, 'subject' | 'bodyText' | 'bodyMarkdown' | 'variables'>): {
  content: MessageTemplateContent;
  bodyPath: 'bodyText' | 'bodyMarkdown';
} {
  const markdown = request.bodyMarkdown !== undefined;
  return {
    content: {
      subject: request.subject,
      format: markdown ? 'markdown' : 'text',
      body: (markdown ? request.bodyMarkdown : request.bodyText) ?? '',
      variables: request.variables,
    },
    bodyPath: markdown ? 'bodyMarkdown' : 'bodyText',
  };
}

/** `POST …/templates/:key/preview`: the saved version (latest unless `version`), or a `draft`. */
export const previewTemplateSchema = z
  .object({
    locale: localeSchema.default('en'),
    version: z.number().int().positive().optional(),
    draft: saveTemplateSchema.optional().describe('preview this content instead of a saved version'),
    variables: z.record(z.string(), z.unknown()).default({}).describe('sample values; built-ins default to sample ones'),
  })
  .strict();
export type PreviewTemplateRequest = z.infer<typeof previewTemplateSchema>;

/** Shown in previews when the sample leaves a built-in variable out. */
export const SAMPLE_BUILT_IN_VALUES = {
  partnerName: 'Ada Lovelace',
  partnerEmail: 'ada@example.com',
  partnerId: 'ptn_sample',
} as const;
