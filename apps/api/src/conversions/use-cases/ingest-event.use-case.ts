import { Injectable } from '@nestjs/common';
import type { ConversionReport } from '@partnerflow/domain';
import type { IntegrationCredentials } from '../postback-auth';
import { ProgramIntegrationAuth } from '../program-integration-auth';
import { RecordConversionUseCase, type RecordedConversion } from './record-conversion.use-case';

/** A merchant's own event (`POST /v1/programs/:programId/events`), authenticated like a postback. */
@Injectable()
export class IngestEventUseCase {
  constructor(
    private readonly auth: ProgramIntegrationAuth,
    private readonly record: RecordConversionUseCase,
  ) {}

  async execute(programRef: string, report: ConversionReport, credentials: IntegrationCredentials): Promise<RecordedConversion> {
    const program = await this.auth.authenticate(programRef, credentials);
    return this.record.execute(program.id, 'event', report);
  }
}
