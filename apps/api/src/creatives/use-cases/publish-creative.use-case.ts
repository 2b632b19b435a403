import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import type { OperatorAction } from '../../audit/audit-entry';
import { BackgroundWork } from '../../common/background-work';
import { DomainEventDispatcher } from '../../webhooks/domain-event-dispatcher';
import { creativeView } from '../creative.views';
import { CreativesRepository } from '../creatives.repository';
import { FindCreativeUseCase } from './find-creative.use-case';

/**
 * Draft → published: partners see it from now on, and `creative.published` (recorded with the
 * change, dispatched after the commit) tells the rule's segment. Publishing again answers the
 * published creative and notifies no one; a deprecated creative is not brought back.
 */
@Injectable()
export class PublishCreativeUseCase {
  constructor(
    private readonly find: FindCreativeUseCase,
    private readonly creatives: CreativesRepository,
    private readonly events: DomainEventDispatcher,
    private readonly background: BackgroundWork,
  ) {}

  async execute(creativeId: string, action: OperatorAction) {
    const found = await this.find.execute(creativeId);
    if (found.status === 'deprecated') throw deprecated(creativeId);
    const { creative, eventIds } = await this.creatives.publish(creativeId, action);
    // A deprecate that came in between: not published by this request.
    if (creative.status === 'deprecated') throw deprecated(creativeId);
    if (eventIds.length > 0) this.background.run('dispatching creative.published', () => this.events.dispatch(eventIds));
    return creativeView(creative);
  }
}

const deprecated = (creativeId: string) =>
  new DomainError(ErrorCode.CONFLICT, `creative ${creativeId} is deprecated and cannot be published again: create a new creative instead`);
