import type { ErrorDetail } from '../errors';
import type { RenderedEmail } from '../notifications/email-templates';
import { DEFERRED_HREF, escapeHtml, markdownToHtml, safeHref, textToHtml } from './markdown';
import { isBuiltInVariable, TEMPLATE_VARIABLE_NAME, templateValuesSchema, type TemplateVariables } from './template-variables';

/**
 * Message templates: a subject and a body (plain text or Markdown) with `{{variable}}`
 * placeholders. A template may only reference variables it declares or the built-in ones, which
 * is checked when it is saved; values are type-checked before rendering, and every value is
 * HTML-escaped in the HTML version.
 */
export type TemplateFormat = 'text' | 'markdown';

export interface MessageTemplateContent {
  subject: string;
  format: TemplateFormat;
  body: string;
  variables: TemplateVariables;
}

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
// Control characters are the engine's own markers; they have no business in a template or a value.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const clean = (text: string) => text.replace(CONTROL, '');

/** The variables a text references, and placeholders that are not a valid `{{name}}`. */
export function placeholdersOf(source: string): { names: string[]; malformed: string[] } {
  const names = new Set<string>();
  const malformed: string[] = [];
  for (const match of source.matchAll(PLACEHOLDER)) {
    if (TEMPLATE_VARIABLE_NAME.test(match[1])) names.add(match[1]);
    else malformed.push(match[0]);
  }
  const rest = source.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) malformed.push('an unmatched "{{" or "}}"');
  return { names: [...names], malformed };
}

/** What is wrong with a template's references, by field (`subject`, or the body's field name). */
export function templateReferenceProblems(content: MessageTemplateContent, bodyPath = 'body'): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [path, source] of [['subject', content.subject], [bodyPath, content.body]] as const) {
    const { names, malformed } = placeholdersOf(source);
    for (const name of names) {
      if (!Object.hasOwn(content.variables, name) && !isBuiltInVariable(name)) {
        problems.push({ path, message: `references the unknown variable "${name}": declare it in variables (built in: partnerName, partnerEmail, partnerId, programName)` });
      }
    }
    for (const placeholder of malformed) problems.push({ path, message: `${placeholder} is not a valid placeholder: write {{name}}` });
  }
  for (const name of Object.keys(content.variables)) {
    if (isBuiltInVariable(name)) problems.push({ path: `variables.${name}`, message: 'is built in and cannot be redeclared' });
  }
  return problems;
}

export type RenderOutcome = { ok: true; rendered: RenderedEmail } | { ok: false; details: ErrorDetail[] };

/** Values checked against the declared types, then the subject, text and HTML versions. */
export function renderTemplate(content: MessageTemplateContent, values: Record<string, unknown>, valuesPath = 'variables'): RenderOutcome {
  const parsed = templateValuesSchema(content.variables).safeParse(values);
  if (!parsed.success) {
    return {
      ok: false,
      details: parsed.error.issues.map((issue) => ({ path: [valuesPath, ...issue.path.map(String)].join('.'), message: issue.message })),
    };
  }
  const shown = (name: string) => clean(parsed.data[name] ?? '');
  const fill = (source: string) => clean(source).replace(PLACEHOLDER, (_m, name: string) => shown(name));
  const body = clean(content.body);
  return {
    ok: true,
    rendered: {
      subject: fill(content.subject).replace(/\s*\n\s*/g, ' ').trim(),
      text: fill(body).trim() + '\n',
      html: renderHtml(body, content.format, shown),
    },
  };
}

const OPEN = String.fromCharCode(2);
const CLOSE = String.fromCharCode(3);
const marker = () => new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

/** Placeholders become markers the Markdown pass leaves alone, then escaped values. */
function renderHtml(body: string, format: TemplateFormat, shown: (name: string) => string): string {
  const names: string[] = [];
  const marked = body.replace(PLACEHOLDER, (_m, name: string) => `${OPEN}${names.push(name) - 1}${CLOSE}`);
  const hasPlaceholder = (text: string) => text.includes(OPEN);
  const html = format === 'markdown' ? markdownToHtml(marked, hasPlaceholder) : textToHtml(marked);
  const raw = (text: string) => text.replace(marker(), (_m, index: string) => shown(names[Number(index)]));
  return html
    .replace(new RegExp(`${DEFERRED_HREF}([^${DEFERRED_HREF}]*)${DEFERRED_HREF}`, 'g'), (_m, href: string) => {
      // The escaped template text around the variable is un-escaped by the browser; compare like it.
      const target = raw(href).replace(/&#(\d+);/g, (_e, code: string) => String.fromCharCode(Number(code)));
      return escapeHtml(safeHref(target) ?? '#');
    })
    .replace(marker(), (_m, index: string) => escapeHtml(shown(names[Number(index)])));
}
