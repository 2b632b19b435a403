import type { ErrorDetail } from '../../errors';
import { formatAmount } from '../../money/money';
import { bicProblem, normalizeBic } from './bic';
import { BankFileError } from './bank-file.error';
import { ibanCountry, ibanProblem, isSepaCountry, normalizeIban } from './iban';
import { toSepaIdentifier, toSepaText } from './sepa-text';

/**
 * An ISO 20022 pain.001.001.09 customer credit transfer initiation for SEPA (EPC SCT C2PSP implementation
 * guidelines): one group header, one payment information block debiting the program's account, one transaction
 * per payout. Amounts are exact (bigint cents); the control sums are computed from the same cents.
 */
export interface SepaAccount {
  name: string;
  iban: string;
  bic?: string;
}

export interface SepaTransfer {
  /** The payout id: the transaction's EndToEndId (as a SEPA reference, "_" → "-"), shown on the partner's statement. */
  payoutId: string;
  /** EUR cents, 1 to 99,999,999,999. */
  amountMinor: bigint;
  creditor: SepaAccount;
  /** Unstructured remittance information, at most 140 characters after transliteration. */
  remittance: string;
}

export interface SepaCreditTransferRequest {
  /** Unique per file and stable for the same file (banks refuse a second upload of a MsgId). */
  messageId: string;
  createdAt: Date;
  /** Requested execution date, YYYY-MM-DD. */
  executionDate: string;
  debtor: SepaAccount;
  transfers: SepaTransfer[];
}

export const SEPA_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.09';
const MAX_SEPA_CENTS = 99_999_999_999n;

export function sepaCreditTransferXml(request: SepaCreditTransferRequest): string {
  const problems = sepaProblems(request);
  if (problems.length > 0) throw new BankFileError('the SEPA credit transfer file cannot be made', problems);
  const total = request.transfers.reduce((sum, transfer) => sum + transfer.amountMinor, 0n);
  const count = String(request.transfers.length);
  const messageId = toSepaIdentifier(request.messageId);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="${SEPA_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    '  <CstmrCdtTrfInitn>',
    '    <GrpHdr>',
    `      <MsgId>${messageId}</MsgId>`,
    `      <CreDtTm>${request.createdAt.toISOString().slice(0, 19)}</CreDtTm>`,
    `      <NbOfTxs>${count}</NbOfTxs>`,
    `      <CtrlSum>${formatAmount(total, 'EUR')}</CtrlSum>`,
    `      <InitgPty><Nm>${text(request.debtor.name, 70)}</Nm></InitgPty>`,
    '    </GrpHdr>',
    '    <PmtInf>',
    `      <PmtInfId>${messageId}</PmtInfId>`,
    '      <PmtMtd>TRF</PmtMtd>',
    '      <BtchBookg>true</BtchBookg>',
    `      <NbOfTxs>${count}</NbOfTxs>`,
    `      <CtrlSum>${formatAmount(total, 'EUR')}</CtrlSum>`,
    '      <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>',
    `      <ReqdExctnDt><Dt>${request.executionDate}</Dt></ReqdExctnDt>`,
    `      <Dbtr><Nm>${text(request.debtor.name, 70)}</Nm></Dbtr>`,
    `      <DbtrAcct><Id><IBAN>${normalizeIban(request.debtor.iban)}</IBAN></Id></DbtrAcct>`,
    `      <DbtrAgt><FinInstnId>${agent(request.debtor.bic) ?? '<Othr><Id>NOTPROVIDED</Id></Othr>'}</FinInstnId></DbtrAgt>`,
    '      <ChrgBr>SLEV</ChrgBr>',
    ...request.transfers.flatMap(transferLines),
    '    </PmtInf>',
    '  </CstmrCdtTrfInitn>',
    '</Document>',
    '',
  ];
  return lines.join('\n');
}

function transferLines(transfer: SepaTransfer): string[] {
  const creditorAgent = agent(transfer.creditor.bic);
  const remittance = text(transfer.remittance, 140);
  return [
    '      <CdtTrfTxInf>',
    `        <PmtId><EndToEndId>${toSepaIdentifier(transfer.payoutId)}</EndToEndId></PmtId>`,
    `        <Amt><InstdAmt Ccy="EUR">${formatAmount(transfer.amountMinor, 'EUR')}</InstdAmt></Amt>`,
    ...(creditorAgent ? [`        <CdtrAgt><FinInstnId>${creditorAgent}</FinInstnId></CdtrAgt>`] : []),
    `        <Cdtr><Nm>${text(transfer.creditor.name, 70)}</Nm></Cdtr>`,
    `        <CdtrAcct><Id><IBAN>${normalizeIban(transfer.creditor.iban)}</IBAN></Id></CdtrAcct>`,
    ...(remittance ? [`        <RmtInf><Ustrd>${remittance}</Ustrd></RmtInf>`] : []),
    '      </CdtTrfTxInf>',
  ];
}

function agent(bic: string | undefined): string | undefined {
  return bic ? `<BICFI>${normalizeBic(bic)}</BICFI>` : undefined;
}

/** SEPA text is a subset of XML-safe characters except the apostrophe, escaped for good measure. */
function text(value: string, maxLength: number): string {
  return toSepaText(value, maxLength).replace(/'/g, '&apos;');
}

function sepaProblems(request: SepaCreditTransferRequest): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const check = (path: string, problem: string | undefined) => problem && problems.push({ path, message: problem });
  check('messageId', identifierProblem(request.messageId));
  check('executionDate', /^\d{4}-\d{2}-\d{2}$/.test(request.executionDate) ? undefined : 'must be a date YYYY-MM-DD');
  check('debtor.name', toSepaText(request.debtor.name, 70) ? undefined : 'must contain letters SEPA can carry');
  check('debtor.iban', ibanProblem(request.debtor.iban));
  check('debtor.bic', request.debtor.bic === undefined ? undefined : bicProblem(request.debtor.bic));
  if (request.transfers.length === 0) check('transfers', 'a SEPA file needs at least one transfer');
  const seen = new Set<string>();
  request.transfers.forEach((transfer, index) => {
    const path = `transfers[${index}]`;
    check(`${path}.payoutId`, seen.has(transfer.payoutId) ? 'appears twice: a payout is paid once' : identifierProblem(transfer.payoutId));
    seen.add(transfer.payoutId);
    const amountOk = transfer.amountMinor >= 1n && transfer.amountMinor <= MAX_SEPA_CENTS;
    check(`${path}.amountMinor`, amountOk ? undefined : 'a SEPA transfer is 0.01 to 999999999.99 EUR');
    check(`${path}.creditor.name`, toSepaText(transfer.creditor.name, 70) ? undefined : 'must contain letters SEPA can carry');
    const ibanIssue = ibanProblem(transfer.creditor.iban);
    const outsideSepa = !ibanIssue && !isSepaCountry(ibanCountry(transfer.creditor.iban));
    check(`${path}.creditor.iban`, ibanIssue ?? (outsideSepa ? `${ibanCountry(transfer.creditor.iban)} is not in SEPA` : undefined));
    check(`${path}.creditor.bic`, transfer.creditor.bic === undefined ? undefined : bicProblem(transfer.creditor.bic));
  });
  return problems;
}

function identifierProblem(id: string): string | undefined {
  try {
    toSepaIdentifier(id);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
