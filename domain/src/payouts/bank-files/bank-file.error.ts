import { DomainError, ErrorCode, type ErrorDetail } from '../../errors';

/** A bank file that cannot be made as asked (a bad account, an amount SEPA does not allow); names every problem. */
export class BankFileError extends DomainError {
  constructor(message: string, details: ErrorDetail[]) {
    super(ErrorCode.RULE_VIOLATION, `${message}: ${details.map((detail) => `${detail.path}: ${detail.message}`).join('; ')}`, details);
    this.name = 'BankFileError';
  }
}
