import { z } from 'zod';
import { escapeHtml } from '../messaging/markdown';

/**
 * The building blocks every built-in email template shares (the lifecycle's, the payout run's,
 * the engagement watch's): the rendered shape, text and HTML bodies from the same paragraphs, and
 * the variables every partner email has. Its own module so the template files of each domain can
 * use it without importing the registry (email-templates.ts) that imports them.
 */

/** A rendered email: what nodemailer sends and what the message record keeps. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The text body (paragraphs at blank lines) and its HTML twin, every line escaped. */
export function paragraphs(lines: string[]): Pick<RenderedEmail, 'text' | 'html'> {
  return {
    text: lines.join('\n\n') + '\n',
    html: lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
  };
}

export const partnerVariables = z.object({
  partnerName: z.string().min(1),
  programName: z.string().min(1),
});
