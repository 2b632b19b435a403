import { Injectable } from '@nestjs/common';
import { pageOf } from '../../common/http/pagination';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { fxRateView } from '../fx-rate.views';
import { FxRatesRepository } from '../fx-rates.repository';
import type { FxRateQueryDto } from '../fx-rates.schemas';

/**
 * A program's rates with the global ones (or the global table alone, `programRef` null): the
 * history, or with `at` per pair the one rate in force then — what a conversion at that instant
 * is priced at.
 */
@Injectable()
export class ListFxRatesUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly rates: FxRatesRepository,
  ) {}

  async execute(programRef: string | null, { base, quote, at, limit, cursor }: FxRateQueryDto) {
    const programId = programRef === null ? null : (await this.getProgram.execute(programRef)).id;
    const pair = { ...(base ? { base } : {}), ...(quote ? { quote } : {}) };
    if (at) return { items: (await this.rates.effectiveAt(programId, pair, new Date(at))).map(fxRateView), nextCursor: null };
    const page = pageOf(await this.rates.list(programId, pair, limit, cursor), limit);
    return { items: page.items.map(fxRateView), nextCursor: page.nextCursor };
  }
}
