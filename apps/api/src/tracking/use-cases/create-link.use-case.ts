import { Injectable } from '@nestjs/common';
import type { Link } from '@partnerflow/db';
import { checkDestination, CREDITING_STAGES, DomainError, ErrorCode, isCreditingStage, newId, newLinkSlug } from '@partnerflow/domain';
import type { OperatorAction } from '../../programs/programs.repository';
import { AttributionSettings } from '../attribution-settings';
import type { CreateLinkDto } from '../tracking.schemas';
import { DuplicateIdempotencyKeyError, DuplicateSlugError, TrackingRepository } from '../tracking.repository';
import { sameLinkAsRequested } from './link-replay';

/** Eight random characters collide about once in 10^14 draws: a few retries are plenty. */
const SLUG_ATTEMPTS = 5;

/**
 * An operator (or the partner itself) creates a tracking link for a partner in good standing,
 * pointing at one of the program's allowed domains (its attribution config). With an
 * Idempotency-Key, a repeat answers the link the first request created (`repeat`), never a second.
 */
@Injectable()
export class CreateLinkUseCase {
  constructor(
    private readonly tracking: TrackingRepository,
    private readonly attribution: AttributionSettings,
  ) {}

  async execute(partnerId: string, request: CreateLinkDto, action: OperatorAction, idempotencyKey?: string): Promise<{ link: Link; repeat: boolean }> {
    if (idempotencyKey !== undefined) {
      const earlier = await this.tracking.findLinkByIdempotencyKey(partnerId, idempotencyKey);
      if (earlier) return { link: sameLinkAsRequested(earlier, request), repeat: true };
    }
    const partner = await this.tracking.findPartner(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    if (!isCreditingStage(partner.stage)) {
      throw new DomainError(
        ErrorCode.RULE_VIOLATION,
        `partner ${partnerId} is ${partner.stage}: only ${CREDITING_STAGES.join(', ')} partners can get links`,
      );
    }
    const destination = await this.allowedDestination(partner.programId, request.destination);
    const { subIds = {} } = request;
    for (let attempt = 1; ; attempt++) {
      try {
        const link = await this.tracking.createLink(
          {
            id: newId('link'),
            slug: newLinkSlug(),
            programId: partner.programId,
            partnerId,
            destination,
            campaign: request.campaign ?? null,
            sub1: subIds.sub1 ?? null,
            sub2: subIds.sub2 ?? null,
            sub3: subIds.sub3 ?? null,
            sub4: subIds.sub4 ?? null,
            sub5: subIds.sub5 ?? null,
          },
          action,
          idempotencyKey,
        );
        return { link, repeat: false };
      } catch (error) {
        // A concurrent request with the same key won the race: answer its link.
        if (error instanceof DuplicateIdempotencyKeyError) return this.execute(partnerId, request, action, idempotencyKey);
        if (!(error instanceof DuplicateSlugError) || attempt === SLUG_ATTEMPTS) throw error;
      }
    }
  }

  private async allowedDestination(programId: string, destination: string): Promise<string> {
    const { config, version, problems } = await this.attribution.forProgram(programId);
    if (problems.length > 0) {
      throw new DomainError(
        ErrorCode.RULE_VIOLATION,
        `the program's attribution config v${version} is invalid: an operator must save a corrected version`,
        problems,
      );
    }
    if (config.allowedDomains.length === 0) {
      throw new DomainError(
        ErrorCode.RULE_VIOLATION,
        'the program allows no link destinations yet: an operator must set allowedDomains in its attribution config',
        [{ path: 'destination', message: 'no allowed domains are configured for this program' }],
      );
    }
    const check = checkDestination(destination, config.allowedDomains);
    if (!check.ok) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `the destination ${check.reason}`, [
        { path: 'destination', message: check.reason },
      ]);
    }
    return check.url;
  }
}
