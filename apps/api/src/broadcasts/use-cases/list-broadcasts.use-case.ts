import { Injectable } from '@nestjs/common';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { broadcastView } from '../broadcast.views';
import { BroadcastsRepository } from '../broadcasts.repository';

/** The program's broadcasts, newest first, with their counts. */
@Injectable()
export class ListBroadcastsUseCase {
  constructor(
    private readonly programs: GetProgramUseCase,
    private readonly broadcasts: BroadcastsRepository,
  ) {}

  async execute(programRef: string, { limit, cursor }: PaginationQuery) {
    const program = await this.programs.execute(programRef);
    const page = pageOf(await this.broadcasts.list(program.id, limit, cursor), limit);
    const items = [];
    for (const broadcast of page.items) items.push(broadcastView(broadcast, await this.broadcasts.counts(broadcast.id)));
    return { items, nextCursor: page.nextCursor };
  }
}
