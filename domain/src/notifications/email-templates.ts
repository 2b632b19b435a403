import { z } from 'zod';

/** A rendered email: what nodemailer sends and what the message record keeps. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

interface EmailTemplate<V extends z.ZodType> {
  variables: V;
  render(variables: z.infer<V>): RenderedEmail;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function paragraphs(lines: string[]): Pick<RenderedEmail, 'text' | 'html'> {
  return {
    text: lines.join('\n\n') + '\n',
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}

const partnerVariables = z.object({
  partnerName: z.string().min(1),
  programName: z.string().min(1),
});

function template<V extends z.ZodType>(definition: EmailTemplate<V>): EmailTemplate<V> {
  return definition;
}

/** The templates workflows may send by name. Variables are validated before rendering. */
export const EMAIL_TEMPLATES = {
  'partner.welcome': template({
    variables: partnerVariables,
    render: ({ partnerName, programName }) => ({
      subject: `Welcome to the ${programName} partner program`,
      ...paragraphs([
        `Hi ${partnerName},`,
        `Your application to the ${programName} partner program has been approved. Welcome aboard!`,
        'Your next steps: create your first tracking link, pick the assets that fit your audience, and read the program terms.',
        `— The ${programName} partner team`,
      ]),
    }),
  }),
  'partner.rejected': template({
    variables: partnerVariables.extend({ reason: z.string().min(1) }),
    render: ({ partnerName, programName, reason }) => ({
      subject: `Your application to the ${programName} partner program`,
      ...paragraphs([
        `Hi ${partnerName},`,
        `Thank you for applying to the ${programName} partner program. We are unable to accept your application at this time.`,
        `Reason: ${reason}.`,
        `— The ${programName} partner team`,
      ]),
    }),
  }),
  'partner.under_review': template({
    variables: partnerVariables,
    render: ({ partnerName, programName }) => ({
      subject: `We received your application to the ${programName} partner program`,
      ...paragraphs([
        `Hi ${partnerName},`,
        `Thanks for applying to the ${programName} partner program. A member of our team is reviewing your application and will get back to you soon.`,
        `— The ${programName} partner team`,
      ]),
    }),
  }),
} as const;

export type EmailTemplateName = keyof typeof EMAIL_TEMPLATES;

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.prototype.hasOwnProperty.call(EMAIL_TEMPLATES, name);
}

/** Throws a zod error naming the bad variable rather than sending a half-filled email. */
export function renderEmail(name: EmailTemplateName, variables: unknown): RenderedEmail {
  const definition = EMAIL_TEMPLATES[name] as EmailTemplate<z.ZodType>;
  return definition.render(definition.variables.parse(variables));
}

/** Attempts before an email is marked failed; shared by the workflow's retry policy and the activity. */
export const EMAIL_MAX_ATTEMPTS = 8;
