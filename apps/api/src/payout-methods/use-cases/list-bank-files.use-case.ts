import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Env } from '@partnerflow/domain';
import { ENV } from '../../common/tokens';
import { CONTENT_TYPES, debtorProblem, fileTotal, planRunBankFiles } from '../bank-file-documents';
import { PayoutMethodsRepository } from '../payout-methods.repository';

/** The bank files of a payout run finance can download: one SEPA pain.001 for EUR to SEPA IBANs, CSVs for the rest. */
@Injectable()
export class ListBankFilesUseCase {
  constructor(
    private readonly payoutMethods: PayoutMethodsRepository,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async execute(runId: string) {
    if (!(await this.payoutMethods.findRun(runId))) throw new DomainError(ErrorCode.NOT_FOUND, `payout run ${runId} does not exist`);
    const { files, excluded } = planRunBankFiles(runId, await this.payoutMethods.bankTransferPayouts(runId));
    const missingDebtor = debtorProblem({ name: this.env.PAYOUT_DEBTOR_NAME, iban: this.env.PAYOUT_DEBTOR_IBAN });
    return {
      runId,
      files: files.map((file) => {
        const problem = file.format === 'sepa-xml' ? missingDebtor : undefined;
        return {
          name: file.name,
          format: file.format,
          contentType: CONTENT_TYPES[file.format],
          payouts: file.payouts.length,
          total: fileTotal(file),
          available: problem === undefined,
          ...(problem ? { problem } : {}),
        };
      }),
      excluded,
    };
  }
}
