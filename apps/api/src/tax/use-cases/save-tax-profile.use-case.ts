import { Injectable } from '@nestjs/common';
import type { TaxProfile } from '@partnerflow/db';
import {
  changedTaxProfileFields,
  DomainError,
  ErrorCode,
  isSameTaxProfile,
  storedTaxProfileRecord,
  taxProfileAuditSummary,
  taxProfileView,
  toTaxProfileRecord,
  type TaxProfileInput,
  type TaxProfileRecord,
  type TaxProfileView,
} from '@partnerflow/domain';
import type { OperatorAction } from '../../programs/programs.repository';
import { TaxRepository, type TaxProfileWrite } from '../tax.repository';
import { TinCipher } from '../tin-cipher';

/**
 * Stores a partner's tax form (W-9, W-8BEN or W-8BEN-E), replacing the one on file: TINs
 * encrypted, an audit entry naming what changed. Resubmitting the same form changes nothing.
 * Operators call it for a partner; the partner's own `/v1/me/tax-profile` can call it with the
 * partner as actor (`actorType: 'partner'`).
 */
@Injectable()
export class SaveTaxProfileUseCase {
  constructor(
    private readonly tax: TaxRepository,
    private readonly cipher: TinCipher,
  ) {}

  async execute(partnerId: string, form: TaxProfileInput, action: OperatorAction): Promise<TaxProfileView> {
    if (!(await this.tax.findPartner(partnerId))) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const next = toTaxProfileRecord(form, new Date());
    const { profile } = await this.tax.saveProfile(partnerId, action, (current) => this.writeFor(partnerId, next, current, form.certification.signedAt !== undefined));
    return taxProfileView(profile);
  }

  private writeFor(partnerId: string, next: TaxProfileRecord, current: TaxProfile | null, gaveSigningTime: boolean): TaxProfileWrite | null {
    const previous = current ? this.readable(current) : null;
    if (previous && isSameTaxProfile(next, previous, gaveSigningTime)) return null;
    const { secrets, ...record } = next;
    const hasSecrets = Object.keys(secrets).length > 0;
    return {
      record,
      tinEncrypted: hasSecrets ? this.cipher.encrypt(secrets, partnerId) : null,
      audit: {
        action: current ? 'tax_profile.updated' : 'tax_profile.created',
        before: previous ? taxProfileAuditSummary(previous) : null,
        after: { ...taxProfileAuditSummary(next), changed: changedTaxProfileFields(next, previous) },
      },
    };
  }

  /** The profile on file with its TINs; one that no longer decrypts (another key) counts as all changed. */
  private readable(current: TaxProfile): TaxProfileRecord {
    try {
      const secrets = current.tinEncrypted ? this.cipher.decrypt(current.tinEncrypted, current.partnerId) : {};
      return storedTaxProfileRecord(current, secrets);
    } catch {
      return storedTaxProfileRecord(current, { tin: '(unreadable)' });
    }
  }
}
