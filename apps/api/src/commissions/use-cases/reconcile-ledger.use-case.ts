import { Injectable } from '@nestjs/common';
import { moneyView } from '@partnerflow/domain';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { CommissionsRepository } from '../commissions.repository';

/**
 * Proves a program's ledger: every commission's entries add up to what the commission says, the
 * pending account holds exactly the pending commissions, and no entry moves commission money
 * without naming its commission. Reads only.
 */
@Injectable()
export class ReconcileLedgerUseCase {
  constructor(
    private readonly getProgram: GetProgramUseCase,
    private readonly commissions: CommissionsRepository,
  ) {}

  async execute(programRef: string) {
    const program = await this.getProgram.execute(programRef);
    const [differences, orphanEntries, commissions, entries] = await Promise.all([
      this.commissions.differences(program.id),
      this.commissions.orphanEntries(program.id),
      this.commissions.countCommissions(program.id),
      this.commissions.countEntries(program.id),
    ]);
    return {
      programId: program.id,
      checkedAt: new Date().toISOString(),
      commissions,
      entries,
      orphanEntries,
      differences: differences.map((d) => ({
        commissionId: d.commissionId,
        partnerId: d.partnerId,
        status: d.status,
        expected: moneyView(d.expectedMinor, d.currency),
        ledger: moneyView(d.ledgerMinor, d.currency),
        expectedPending: moneyView(d.expectedPendingMinor, d.currency),
        ledgerPending: moneyView(d.ledgerPendingMinor, d.currency),
      })),
      balanced: differences.length === 0 && orphanEntries === 0,
    };
  }
}
