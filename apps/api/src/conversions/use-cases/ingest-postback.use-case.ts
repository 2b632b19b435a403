import { Injectable } from '@nestjs/common';
import { ProgramIntegrationAuth } from '../program-integration-auth';
import { queryWithoutSignature, reportFromPostback, type PostbackParams } from '../postback-params';
import { RecordConversionUseCase, type RecordedConversion } from './record-conversion.use-case';

export interface PostbackRequest {
  /** Query parameters merged with a POST's form or JSON body (the body wins). */
  params: PostbackParams;
  /** The query string as sent, for a signed GET. */
  rawQuery: string;
  /** A POST's body as sent, for a signed POST; absent on GET. */
  rawBody?: string;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * A network's server-to-server postback (`GET|POST /v1/postbacks?program=…`): authenticated by
 * the program's secret (token) or an HMAC signature, then recorded like a merchant event.
 */
@Injectable()
export class IngestPostbackUseCase {
  constructor(
    private readonly auth: ProgramIntegrationAuth,
    private readonly record: RecordConversionUseCase,
  ) {}

  async execute(request: PostbackRequest): Promise<RecordedConversion> {
    const { params } = request;
    const program = await this.auth.authenticate(text(params.program), {
      token: text(params.token),
      signature: text(params.signature),
      timestamp: text(params.ts),
      signedPayload: request.rawBody ?? queryWithoutSignature(request.rawQuery),
    });
    return this.record.execute(program.id, 'postback', reportFromPostback(params));
  }
}
