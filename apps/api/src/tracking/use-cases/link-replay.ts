import type { Link } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import type { CreateLinkDto } from '../tracking.schemas';

const normalised = (destination: string): string => {
  try {
    return new URL(destination).href;
  } catch {
    return destination;
  }
};

/**
 * The link an Idempotency-Key created, if the repeat asks for the same link (destination,
 * campaign, sub-ids); a key reused for another link is a client bug, refused rather than guessed.
 */
export function sameLinkAsRequested(link: Link, request: CreateLinkDto): Link {
  const subIds = request.subIds ?? {};
  const requested = [normalised(request.destination), request.campaign ?? null, subIds.sub1 ?? null, subIds.sub2 ?? null, subIds.sub3 ?? null, subIds.sub4 ?? null, subIds.sub5 ?? null];
  const stored = [link.destination, link.campaign, link.sub1, link.sub2, link.sub3, link.sub4, link.sub5];
  if (requested.every((value, index) => value === stored[index])) return link;
  throw new DomainError(ErrorCode.CONFLICT, `this Idempotency-Key created link ${link.id} with other values: use a new key for a new link`, [
    { path: 'Idempotency-Key', message: `already used for link ${link.id} (${link.destination})` },
  ]);
}
