import { isCancellation, log, setHandler, sleep, upsertMemo, workflowInfo } from '@temporalio/workflow';
import {
  anonymiseAtMs,
  balanceSummaryText,
  commissionSettlement,
  DEFAULT_TERMINATION_CONFIG,
  settlementSentence,
  terminationConfigSchema,
  terminationWindDownQuery,
  type EmailTemplateName,
  type LoadedTerminationConfig,
  type PartnerTerminationInput,
  type TerminationWindDownState,
} from '@partnerflow/domain';
import { databaseActivities, emailActivities, ledgerActivities } from './activity-proxies';
import { failureMessage } from './onboarding-steps';

const iso = (ms: number) => new Date(ms).toISOString();

/** The program's policy; a damaged stored version must not stop a wind-down, so the default stands in and says why. */
async function pinTerminationConfig(programId: string): Promise<LoadedTerminationConfig> {
  try {
    return await databaseActivities.loadTerminationConfig({ programId });
  } catch (error) {
    if (isCancellation(error)) throw error;
    log.warn('termination: the program config could not be loaded, the default applies', { error: failureMessage(error) });
    const document = terminationConfigSchema.parse(DEFAULT_TERMINATION_CONFIG);
    return { versionId: null, version: null, source: 'default', document, reason: `the built-in default: ${failureMessage(error)}` };
  }
}

/** The balance from the ledger, in the config's template; a failed email is recorded, and the wind-down goes on. */
async function sendFinalStatement(input: PartnerTerminationInput, template: string, settlement: string): Promise<TerminationWindDownState['finalStatement']> {
  const balanceSummary = balanceSummaryText(await databaseActivities.summarizePartnerBalance({ partnerId: input.partnerId }));
  try {
    const sent = await emailActivities.sendPartnerEmail({
      partnerId: input.partnerId,
      template: template as EmailTemplateName,
      variables: { endedOn: input.effectiveAt.slice(0, 10), balanceSummary, settlement },
      workflowId: workflowInfo().workflowId,
      step: 'final-statement',
    });
    return { messageId: sent.messageId, balanceSummary };
  } catch (error) {
    if (isCancellation(error)) throw error;
    return { failed: failureMessage(error) };
  }
}

/**
 * The wind-down of a terminated partner (`partner-<id>-termination`, a child of the lifecycle,
 * which has already moved the stage to TERMINATED — so links stop crediting and the drip
 * stops). Pins the program's termination config version; forfeits unpaid commissions when the
 * termination is for fraud and the policy says so (otherwise they finish their hold and are
 * paid); sends the final statement with the ledger's balance; then sleeps on a durable timer
 * through the retention period and anonymises the partner's personal data.
 */
export async function partnerTerminationWorkflow(input: PartnerTerminationInput): Promise<TerminationWindDownState> {
  const { workflowId } = workflowInfo();
  let state: TerminationWindDownState | null = null;
  setHandler(terminationWindDownQuery, () => state);

  const { document, ...pinned } = await pinTerminationConfig(input.programId);
  upsertMemo({ terminationConfigVersionId: pinned.versionId, terminationConfigVersion: pinned.version, terminationConfigSource: pinned.source });
  const settlement = commissionSettlement(input.category, document);
  const anonymiseAt = anonymiseAtMs(Date.parse(input.effectiveAt), document.dataRetentionDays);
  const current: TerminationWindDownState = {
    status: 'settling',
    config: { ...pinned, dataRetentionDays: document.dataRetentionDays, finalPayout: document.finalPayout },
    commissions: { ...settlement, result: null },
    finalPayout: document.finalPayout
      ? 'approved commissions are paid by the regular payout runs; a separate final payout is not available yet'
      : 'no final payout (finalPayout: false)',
    finalStatement: null,
    anonymiseAt: iso(anonymiseAt),
    anonymisedAt: null,
  };
  state = current;

  if (settlement.forfeit) {
    current.commissions.result = await ledgerActivities.forfeitUnpaidCommissions({
      partnerId: input.partnerId,
      workflowId,
      reason: input.reason,
      decidedBy: input.requestedBy,
    });
  }
  const sentence = settlementSentence(settlement, current.commissions.result?.forfeitedCount ?? 0, input.reason);
  current.finalStatement = await sendFinalStatement(input, document.finalStatementTemplate, sentence);

  current.status = 'retaining_data';
  if (anonymiseAt > Date.now()) await sleep(anonymiseAt - Date.now());
  await databaseActivities.anonymisePartner({ partnerId: input.partnerId, workflowId, dataRetentionDays: document.dataRetentionDays });
  current.anonymisedAt = iso(Date.now());
  current.status = 'finished';
  return current;
}
