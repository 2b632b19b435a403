// Types for the dev mail sink, so TypeScript tests can use the same SMTP server `npm run dev` runs.
export interface CapturedMessage {
  id: string;
  from: string;
  /** Envelope recipients: who the message was really sent to. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  receivedAt: string;
}

export interface MailSink {
  smtpPort: number;
  httpPort: number;
  messages: CapturedMessage[];
  close(): Promise<void>;
}

export function startMailSink(options: { smtpPort: number; httpPort: number; host?: string }): Promise<MailSink>;
