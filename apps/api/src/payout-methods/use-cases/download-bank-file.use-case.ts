import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, formatAmount, type Env } from '@partnerflow/domain';
import { ENV } from '../../common/tokens';
import type { OperatorAction } from '../../programs/programs.repository';
import { CONTENT_TYPES, debtorProblem, planRunBankFiles, renderBankFile } from '../bank-file-documents';
import { PayoutMethodsRepository } from '../payout-methods.repository';

/**
 * One bank file of a run, made from the payouts as they are now (the same payouts always give the same
 * transactions and message id, so a second upload is refused by the bank as a duplicate). Audited: the file
 * carries full account numbers.
 */
@Injectable()
export class DownloadBankFileUseCase {
  constructor(
    private readonly payoutMethods: PayoutMethodsRepository,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async execute(runId: string, name: string, action: OperatorAction): Promise<{ name: string; contentType: string; body: string }> {
    if (!(await this.payoutMethods.findRun(runId))) throw new DomainError(ErrorCode.NOT_FOUND, `payout run ${runId} does not exist`);
    const { files } = planRunBankFiles(runId, await this.payoutMethods.bankTransferPayouts(runId));
    const file = files.find((candidate) => candidate.name === name);
    if (!file) throw new DomainError(ErrorCode.NOT_FOUND, `payout run ${runId} has no bank file ${name}`);
    const debtor = { name: this.env.PAYOUT_DEBTOR_NAME, iban: this.env.PAYOUT_DEBTOR_IBAN, bic: this.env.PAYOUT_DEBTOR_BIC };
    const problem = file.format === 'sepa-xml' ? debtorProblem(debtor) : undefined;
    if (problem) throw new DomainError(ErrorCode.RULE_VIOLATION, problem);
    const body = renderBankFile(file, debtor, new Date());
    await this.payoutMethods.recordBankFileDownload(
      runId,
      { file: file.name, payouts: file.payouts.map((payout) => payout.payoutId), total: formatAmount(file.totalMinor, file.currency), currency: file.currency },
      action,
    );
    return { name: file.name, contentType: CONTENT_TYPES[file.format], body };
  }
}
