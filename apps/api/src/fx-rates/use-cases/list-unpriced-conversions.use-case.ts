import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import type { PaginationQuery } from '../../common/http/pagination';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { unpricedConversionView } from '../fx-rate.views';
import { FxRatesRepository } from '../fx-rates.repository';

/** The program's conversions waiting for an FX rate, with why: which rates finance should add. */
@Injectable()
export class ListUnpricedConversionsUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly rates: FxRatesRepository,
  ) {}

  async execute(programRef: string, { limit, cursor }: PaginationQuery) {
    const program = await this.getProgram.execute(programRef);
    const [conversionId, partnerId, extra] = cursor?.split(':') ?? [];
    if (cursor && (!conversionId || !partnerId || extra !== undefined)) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the request is invalid', [{ path: 'cursor', message: 'must be a nextCursor this list answered' }]);
    }
    const rows = await this.rates.unpriced(program.id, limit, cursor ? { conversionId, partnerId } : undefined);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items: items.map(unpricedConversionView), nextCursor: rows.length > limit && last ? `${last.conversionId}:${last.partnerId}` : null };
  }
}
