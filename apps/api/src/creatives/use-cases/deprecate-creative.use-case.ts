import { Injectable } from '@nestjs/common';
import type { OperatorAction } from '../../audit/audit-entry';
import { BackgroundWork } from '../../common/background-work';
import { DomainEventDispatcher } from '../../webhooks/domain-event-dispatcher';
import { creativeView } from '../creative.views';
import { CreativesRepository } from '../creatives.repository';
import { FindCreativeUseCase } from './find-creative.use-case';

/**
 * An operator retires a creative (an old banner, an ended offer): partners no longer see it, and
 * if it was published, `creative.deprecated` tells the segment to stop using it. A repeat answers
 * the deprecated creative, keeps the first reason and tells no one again.
 */
@Injectable()
export class DeprecateCreativeUseCase {
  constructor(
    private readonly find: FindCreativeUseCase,
    private readonly creatives: CreativesRepository,
    private readonly events: DomainEventDispatcher,
    private readonly background: BackgroundWork,
  ) {}

  async execute(creativeId: string, reason: string | undefined, action: OperatorAction) {
    await this.find.execute(creativeId);
    const { creative, eventIds } = await this.creatives.deprecate(creativeId, reason ?? null, action);
    if (eventIds.length > 0) this.background.run('dispatching creative.deprecated', () => this.events.dispatch(eventIds));
    return creativeView(creative);
  }
}
