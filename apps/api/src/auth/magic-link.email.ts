/** The sign-in email. The token appears only in what is sent; the stored copy has it redacted. */
export interface MagicLinkEmail {
  subject: string;
  text: string;
  html: string;
  /** What the messages table keeps: the same email without the token. */
  storedText: string;
}

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function magicLinkEmail(input: {
  partnerName: string;
  programName: string;
  token: string;
  signInUrl: string | undefined;
  ttlMinutes: number;
}): MagicLinkEmail {
  const link = (token: string) => (input.signInUrl ? `${input.signInUrl}${input.signInUrl.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : undefined);
  const lines = (token: string) => [
    `Hi ${input.partnerName},`,
    link(token) ? `Sign in to the ${input.programName} partner portal: ${link(token)}` : `Your ${input.programName} sign-in token: ${token}`,
    `Or exchange this token for a session with POST /v1/auth/session {"token": "${token}"}.`,
    `It works once, within ${input.ttlMinutes} minutes. If you did not ask to sign in, ignore this email: nothing changes.`,
    `— The ${input.programName} partner team`,
  ];
  const sent = lines(input.token);
  return {
    subject: `Sign in to ${input.programName}`,
    text: sent.join('\n\n') + '\n',
    html: sent.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n'),
    storedText: lines('[sign-in token, not stored]').join('\n\n') + '\n',
  };
}
