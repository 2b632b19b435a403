import { moneyView } from '@partnerflow/domain';
import type { ConversionWithShares } from './conversions.repository';
import type { CreditDecision } from './credit-decision';

const money = (minor: bigint | null, currency: string | null) => (minor === null || currency === null ? null : moneyView(minor, currency));

type StoredFlag = { code: string; message: string; evidence: Record<string, string | number> };

/** The answer to an ingested event or postback (201, or 200 for a repeat). */
export function conversionRecordedView(conversion: ConversionWithShares, repeat: boolean) {
  return {
    conversionId: conversion.id,
    repeat,
    type: conversion.type,
    externalId: conversion.externalId,
    outcome: conversion.attributionOutcome,
    partnerId: conversion.partnerId,
    amount: money(conversion.amountMinor, conversion.currency),
    shares: [...conversion.shares]
      .sort((a, b) => b.sharePpm - a.sharePpm || a.touchId.localeCompare(b.touchId))
      .map((share) => ({
        partnerId: share.partnerId,
        touchId: share.touchId,
        touchKind: share.touchKind,
        sharePpm: share.sharePpm,
        amount: money(share.amountMinor, conversion.currency),
      })),
    flags: conversion.fraudFlags as StoredFlag[],
  };
}

/** GET /v1/conversions/:id: the conversion with the whole story of its attribution. */
export function conversionDetailView(conversion: ConversionWithShares) {
  const { repeat: _repeat, ...recorded } = conversionRecordedView(conversion, false);
  return {
    ...recorded,
    programId: conversion.programId,
    source: conversion.source,
    occurredAt: conversion.occurredAt.toISOString(),
    receivedAt: conversion.receivedAt.toISOString(),
    clickId: conversion.clickId,
    couponCode: conversion.couponCode,
    customerId: conversion.customerId,
    refersToId: conversion.refersToId,
    commissionStatus: conversion.commissionStatus,
    attribution: conversion.attribution as unknown as CreditDecision['explanation'],
  };
}
