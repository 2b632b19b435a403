import { Inject, Injectable } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { DomainError, ErrorCode, type Env } from '@partnerflow/domain';
import { ENV, MAIL_TRANSPORT } from '../../common/tokens';
import { AuthRepository } from '../auth.repository';
import { BackgroundMail } from '../background-mail';
import { magicLinkEmail } from '../magic-link.email';
import { hashToken, newMagicLinkToken } from '../partner-tokens';

export interface MagicLinkRequest {
  programId?: string;
  programSlug?: string;
  email: string;
}

/**
 * A partner asks for a sign-in link. The answer is the same whether or not the email belongs to a
 * partner who may sign in; when it does, a single-use token (only its hash stored) is emailed
 * through the message record + stable Message-ID path every email takes.
 */
@Injectable()
export class RequestMagicLinkUseCase {
  constructor(
    private readonly auth: AuthRepository,
    private readonly background: BackgroundMail,
    @Inject(MAIL_TRANSPORT) private readonly mailer: Pick<Transporter, 'sendMail'>,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async execute(request: MagicLinkRequest): Promise<void> {
    const programRef = (request.programId ?? request.programSlug)!;
    const program = await this.auth.findProgram(programRef);
    // Programs are public (their slug is in every link); partners' emails are not.
    if (!program) throw new DomainError(ErrorCode.NOT_FOUND, `program ${programRef} does not exist`);
    this.background.run('sign-in email', () => this.send(program.id, request.email));
  }

  private async send(programId: string, email: string): Promise<void> {
    const partner = await this.auth.findSignInPartner(programId, email);
    if (!partner) return;
    const token = newMagicLinkToken();
    const tokenId = await this.auth.createMagicLinkToken(partner, hashToken(token), new Date(Date.now() + this.env.MAGIC_LINK_TTL_MINUTES * 60_000));
    const rendered = magicLinkEmail({
      partnerName: partner.name,
      programName: partner.program.name,
      token,
      signInUrl: this.env.PARTNER_SIGN_IN_URL,
      ttlMinutes: this.env.MAGIC_LINK_TTL_MINUTES,
    });
    const message = await this.auth.recordMagicLinkEmail({ partner, tokenId, subject: rendered.subject, storedText: rendered.storedText });
    try {
      const info = await this.mailer.sendMail({
        from: this.env.MAIL_FROM,
        to: message.recipient,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: `<${message.id}@partnerflow>`,
        headers: { 'X-Partnerflow-Message-Id': message.id },
      });
      await this.auth.markEmailSent(message.id, info.messageId);
    } catch (error) {
      await this.auth.markEmailFailed(message.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
}
