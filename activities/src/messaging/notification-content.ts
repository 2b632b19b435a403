import type { PrismaClient } from '@partnerflow/db';
import {
  DEFAULT_NOTIFICATION_TEMPLATES,
  FALLBACK_NOTIFICATION_TEMPLATE,
  NOTIFICATION_KINDS,
  renderTemplate,
  type MessageTemplateContent,
  type NotificationKind,
  type RenderedEmail,
  type TemplateVariables,
} from '@partnerflow/domain';

export const DEFAULT_LOCALE = 'en';

interface ResolvedTemplate {
  key: string;
  content: MessageTemplateContent;
  /** null for a built-in template. */
  version: number | null;
}

export interface NotificationContent extends RenderedEmail {
  template: string;
  templateVersion: number | null;
}

/**
 * The locale to use of those a template has, for a recipient's: the same ("pt-BR"), else its
 * language alone ("pt"), else English, else the first in order — a notice always goes out.
 */
export function pickLocale(available: string[], wanted: string | null): string | undefined {
  const language = wanted?.split('-')[0];
  const preferred = [wanted, language, DEFAULT_LOCALE].filter((locale): locale is string => !!locale);
  return preferred.find((locale) => available.includes(locale)) ?? [...available].sort()[0];
}

/**
 * Finds and renders the template of a rule: the program's latest version of the key in the
 * recipient's locale (see pickLocale), else the built-in one (English). Values that do not fit
 * the program's template (the event lacks a declared variable) fall back to the built-in
 * template, then to a generic notice: an event is announced even when its template and data disagree.
 */
export function notificationContent(prisma: PrismaClient) {
  const cache = new Map<string, Promise<ResolvedTemplate | null>>();

  async function programTemplate(programId: string, key: string, locale: string | null): Promise<ResolvedTemplate | null> {
    const templates = await prisma.messageTemplate.findMany({ where: { programId, key }, select: { id: true, locale: true } });
    const chosen = pickLocale(templates.map((t) => t.locale), locale);
    const template = templates.find((t) => t.locale === chosen);
    if (!template) return null;
    const version = await prisma.messageTemplateVersion.findFirst({ where: { templateId: template.id }, orderBy: { version: 'desc' } });
    if (!version) return null;
    return {
      key,
      version: version.version,
      content: { subject: version.subject, format: version.format, body: version.body, variables: version.variables as TemplateVariables },
    };
  }

  const resolve = (programId: string, key: string, locale: string | null) => {
    const cacheKey = `${programId}:${key}:${locale ?? ''}`;
    if (!cache.has(cacheKey)) cache.set(cacheKey, programTemplate(programId, key, locale));
    return cache.get(cacheKey)!;
  };

  return async function render(
    programId: string,
    key: string,
    kind: NotificationKind,
    values: Record<string, unknown>,
    locale: string | null = null,
  ): Promise<NotificationContent> {
    const candidates: ResolvedTemplate[] = [];
    const own = await resolve(programId, key, locale);
    if (own) candidates.push(own);
    if (DEFAULT_NOTIFICATION_TEMPLATES[key]) candidates.push({ key, content: DEFAULT_NOTIFICATION_TEMPLATES[key], version: null });
    for (const candidate of candidates) {
      const outcome = renderTemplate(candidate.content, values);
      if (outcome.ok) return { ...outcome.rendered, template: candidate.key, templateVersion: candidate.version };
    }
    const title = NOTIFICATION_KINDS[kind].description.replace(/^./, (c) => c.toUpperCase());
    const outcome = renderTemplate(FALLBACK_NOTIFICATION_TEMPLATE, { ...values, title });
    if (!outcome.ok) throw new Error(`the fallback notification cannot render: ${JSON.stringify(outcome.details)}`);
    return { ...outcome.rendered, template: key, templateVersion: null };
  };
}
