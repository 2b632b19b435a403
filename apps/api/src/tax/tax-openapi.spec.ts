import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { parseEnv } from '@partnerflow/domain';
import { CoreModule } from '../common/core.module';
import { MetricsModule } from '../metrics/metrics.module';
import { StatementsModule } from '../payouts/statements/statements.module';
import { DomainEventsModule } from '../webhooks/domain-events.module';
import { TaxModule } from './tax.module';

/**
 * The tax profile body is a union of three forms (not a DTO class): the OpenAPI document must
 * still describe each of them. Built without listening; clients connect lazily, no services needed.
 * (Metrics and domain events: the 1099 report reads the FX table, whose module brings ingestion.)
 */
@Module({})
class TaxRoutesModule {}

describe('tax and statement routes in OpenAPI', () => {
  it('documents the three tax forms, the 1099-NEC report and the statement formats', async () => {
    const env = parseEnv({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    const app = await NestFactory.create({ module: TaxRoutesModule, imports: [CoreModule.register(env), MetricsModule, DomainEventsModule, TaxModule, StatementsModule] }, { logger: false, abortOnError: false });
    try {
      const doc = cleanupOpenApiDoc(SwaggerModule.createDocument(app, new DocumentBuilder().build()));
      const put = doc.paths['/v1/partners/{partnerId}/tax-profile'].put;
      expect(JSON.stringify(put?.requestBody)).toContain('#/components/schemas/TaxProfileInputDto');
      const body = JSON.stringify(doc.components?.schemas?.TaxProfileInputDto);
      for (const field of ['federalTaxClassification', 'countryOfCitizenship', 'chapter4Status']) expect(body).toContain(field);
      expect(doc.paths['/v1/programs/{programId}/tax/1099-nec'].get?.responses['200']).toBeDefined();
      expect(Object.keys((doc.paths['/v1/payouts/{payoutId}/statement'].get?.responses['200'] as { content: object }).content)).toEqual(['text/csv', 'application/pdf']);
    } finally {
      await app.close();
    }
  });
});
