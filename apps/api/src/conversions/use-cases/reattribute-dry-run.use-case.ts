import { Injectable } from '@nestjs/common';
import type { AttributionConfig } from '@partnerflow/domain';
import { ConversionsRepository } from '../conversions.repository';
import { modelCredit } from '../credit-decision';
import { TouchCollector } from '../touch-collector';

const DAY_MS = 86_400_000;

export interface ReattributionQuestion {
  programId: string;
  config: AttributionConfig;
  /** The stored version being tried, or null for a draft. */
  configVersion: number | null;
  sinceDays: number;
  limit: number;
}

interface Credit {
  outcome: string;
  shares: { partnerId: string; touchId: string; sharePpm: number }[];
}

/**
 * How the program's recent conversions would have been attributed under another model or window:
 * each conversion decided by its model (not recurring customers or reversals, which follow other
 * conversions) is decided again over its touches as they are stored. Reads only; changes nothing.
 */
@Injectable()
export class ReattributeDryRunUseCase {
  constructor(
    private readonly conversions: ConversionsRepository,
    private readonly touches: TouchCollector,
  ) {}

  async execute(question: ReattributionQuestion) {
    const since = new Date(Date.now() - question.sinceDays * DAY_MS);
    const recent = await this.conversions.recentModelDecided(question.programId, since, question.limit);
    const results = [];
    for (const conversion of recent) {
      const collected = await this.touches.collect(question.programId, question.config, {
        clickId: conversion.clickId ?? undefined,
        couponCode: conversion.couponCode ?? undefined,
      }, conversion.occurredAt);
      const proposed = modelCredit(question.config, question.configVersion, collected.touches, conversion.occurredAt, collected.notes);
      const current: Credit = { outcome: conversion.attributionOutcome, shares: conversion.shares.map(creditShare) };
      const next: Credit = { outcome: proposed.outcome, shares: proposed.shares.map(creditShare) };
      results.push({
        conversionId: conversion.id,
        type: conversion.type,
        externalId: conversion.externalId,
        occurredAt: conversion.occurredAt.toISOString(),
        current: { ...current, model: conversion.attributionModel },
        proposed: { ...next, model: proposed.model, summary: proposed.explanation.summary },
        changed: key(current) !== key(next),
      });
    }
    return {
      model: question.config.model,
      since: since.toISOString(),
      examined: results.length,
      changed: results.filter((result) => result.changed).length,
      conversions: results,
    };
  }
}

const creditShare = (share: { partnerId: string; touchId: string; sharePpm: number }) => ({
  partnerId: share.partnerId,
  touchId: share.touchId,
  sharePpm: share.sharePpm,
});

const key = (credit: Credit) =>
  `${credit.outcome}|${[...credit.shares].sort((a, b) => a.touchId.localeCompare(b.touchId)).map((s) => `${s.touchId}:${s.sharePpm}`).join(',')}`;
