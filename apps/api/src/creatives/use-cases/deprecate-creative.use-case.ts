import { Injectable } from '@nestjs/common';
import type { OperatorAction } from '../../audit/audit-entry';
import { creativeView } from '../creative.views';
import { CreativesRepository } from '../creatives.repository';
import { FindCreativeUseCase } from './find-creative.use-case';

/**
 * An operator retires a creative (an old banner, an ended offer): partners no longer see it. A
 * repeat answers the deprecated creative and keeps the first reason.
 */
@Injectable()
export class DeprecateCreativeUseCase {
  constructor(
    private readonly find: FindCreativeUseCase,
    private readonly creatives: CreativesRepository,
  ) {}

  async execute(creativeId: string, reason: string | undefined, action: OperatorAction) {
    await this.find.execute(creativeId);
    const { creative } = await this.creatives.deprecate(creativeId, reason ?? null, action);
    return creativeView(creative);
  }
}
