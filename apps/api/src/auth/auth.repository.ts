import { Inject, Injectable } from '@nestjs/common';
import type { Message, Partner, PartnerSession, PrismaClient, Program } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { PARTNER_SIGN_IN_STAGES } from '../common/auth/partner-session.guard';
import { PRISMA } from '../common/tokens';

export interface NewMagicLinkEmail {
  partner: Partner;
  tokenId: string;
  subject: string;
  storedText: string;
}

/** The only path to Prisma for sign-in: magic-link tokens, partner sessions and the sign-in email's record. */
@Injectable()
export class AuthRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findProgram(idOrSlug: string): Promise<Program | null> {
    return this.prisma.program.findFirst({ where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] } });
  }

  /** The application of this email that may sign in (the latest, if re-applications left older rows). */
  findSignInPartner(programId: string, email: string): Promise<(Partner & { program: Program }) | null> {
    return this.prisma.partner.findFirst({
      where: { programId, email, stage: { in: [...PARTNER_SIGN_IN_STAGES] } },
      orderBy: { applicationNumber: 'desc' },
      include: { program: true },
    });
  }

  findPartner(partnerId: string): Promise<Partner | null> {
    return this.prisma.partner.findUnique({ where: { id: partnerId } });
  }

  async createMagicLinkToken(partner: Partner, tokenHash: string, expiresAt: Date): Promise<string> {
    const id = newId('magicLink');
    await this.prisma.magicLinkToken.create({ data: { id, partnerId: partner.id, programId: partner.programId, tokenHash, expiresAt } });
    return id;
  }

  /** Marks the token used if it is live: exactly one caller wins it, every other finds nothing. */
  async consumeMagicLinkToken(tokenHash: string, now: Date): Promise<{ partnerId: string; programId: string } | null> {
    const { count } = await this.prisma.magicLinkToken.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (count === 0) return null;
    return this.prisma.magicLinkToken.findUnique({ where: { tokenHash }, select: { partnerId: true, programId: true } });
  }

  /** The email's record, before the send (keyed by the token, so it is written once); the token itself is not in it. */
  async recordMagicLinkEmail(email: NewMagicLinkEmail): Promise<Message> {
    const idempotencyKey = `magic-link:${email.tokenId}`;
    await this.prisma.message.createMany({
      data: [
        {
          id: newId('message'),
          programId: email.partner.programId,
          partnerId: email.partner.id,
          channel: 'email',
          senderType: 'system',
          recipient: email.partner.email,
          template: 'magic-link',
          subject: email.subject,
          bodyText: email.storedText,
          step: 'magic-link',
          idempotencyKey,
        },
      ],
      skipDuplicates: true,
    });
    return this.prisma.message.findUniqueOrThrow({ where: { idempotencyKey } });
  }

  async markEmailSent(messageId: string, smtpMessageId: string): Promise<void> {
    await this.prisma.message.update({
      where: { id: messageId },
      data: { status: 'sent', smtpMessageId, sentAt: new Date(), attempts: { increment: 1 }, lastError: null },
    });
  }

  async markEmailFailed(messageId: string, error: string): Promise<void> {
    await this.prisma.message.update({ where: { id: messageId }, data: { status: 'failed', attempts: { increment: 1 }, lastError: error } });
  }

  /** The session and its audit entry, together. */
  async createSession(
    session: { partnerId: string; programId: string; tokenHash: string; expiresAt: Date },
    requestId: string | undefined,
  ): Promise<PartnerSession> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.partnerSession.create({ data: { id: newId('partnerSession'), ...session } });
      await tx.auditEntry.create({
        data: {
          id: newId('audit'),
          actorType: 'partner',
          actorId: session.partnerId,
          action: 'partner.signed_in',
          targetType: 'partner',
          targetId: session.partnerId,
          after: { sessionId: created.id, expiresAt: created.expiresAt.toISOString() },
          requestId,
          idempotencyKey: `partner-session:${created.id}:started`,
        },
      });
      return created;
    });
  }

  /** Revokes the session once; signing out twice records one entry. */
  async revokeSession(sessionId: string, partnerId: string, requestId: string | undefined): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.partnerSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
      if (count === 0) return;
      await tx.auditEntry.create({
        data: {
          id: newId('audit'),
          actorType: 'partner',
          actorId: partnerId,
          action: 'partner.signed_out',
          targetType: 'partner',
          targetId: partnerId,
          before: { sessionId },
          requestId,
          idempotencyKey: `partner-session:${sessionId}:ended`,
        },
      });
    });
  }
}
