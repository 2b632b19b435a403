import { Injectable } from '@nestjs/common';
import type { OperatorAction } from '../../audit/audit-entry';
import { BackgroundWork } from '../../common/background-work';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { DomainEventDispatcher } from '../../webhooks/domain-event-dispatcher';
import { creativeView } from '../creative.views';
import { CreativesRepository } from '../creatives.repository';
import type { CreateCreative } from '../creatives.schemas';

/**
 * An operator adds a creative to a program: a draft, or published at once (`publish: true`), which
 * records `creative.published` in the same transaction and dispatches it after the commit.
 */
@Injectable()
export class CreateCreativeUseCase {
  constructor(
    private readonly programs: GetProgramUseCase,
    private readonly creatives: CreativesRepository,
    private readonly events: DomainEventDispatcher,
    private readonly background: BackgroundWork,
  ) {}

  async execute(programRef: string, { publish, ...request }: CreateCreative, action: OperatorAction) {
    const program = await this.programs.execute(programRef);
    const { creative, eventIds } = await this.creatives.create({ programId: program.id, ...request, description: request.description ?? null }, publish, action);
    // Off the request's path: the event is committed, and the catch-up starts what this does not.
    if (eventIds.length > 0) this.background.run('dispatching creative.published', () => this.events.dispatch(eventIds));
    return creativeView(creative);
  }
}
