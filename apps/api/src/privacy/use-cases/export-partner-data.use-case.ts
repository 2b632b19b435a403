import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { jsonRows, jsonSafe } from '../export-values';
import { PrivacyRepository } from '../privacy.repository';

/**
 * Everything the engine holds about one partner (GDPR art. 15 / CCPA access), as one JSON
 * document; the export itself is audited. Secrets (hashes, the encrypted TIN) are left out.
 */
@Injectable()
export class ExportPartnerDataUseCase {
  constructor(private readonly privacy: PrivacyRepository) {}

  async execute(partnerId: string, operatorKeyId: string, requestId?: string) {
    const partner = await this.privacy.findPartner(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const { program, knownIpHashes, ...profile } = partner;
    const [records, clicksByLink, conversions, other] = await Promise.all([
      this.privacy.partnerRecords(partnerId),
      this.privacy.clicksByLink(partnerId),
      this.privacy.conversionShares(partnerId),
      this.privacy.otherTables(partnerId),
    ]);
    const recordIds = [...records.links, ...records.commissions, ...records.payouts, ...records.messages].map((row) => row.id);
    const auditEntries = await this.privacy.auditEntries(partnerId, recordIds);
    const document = {
      exportedAt: new Date().toISOString(),
      partnerId,
      program,
      profile: { ...(jsonSafe(profile) as Record<string, unknown>), knownIpAddresses: `${knownIpHashes.length} (stored only as salted hashes)` },
      links: jsonRows(records.links),
      clicks: { total: clicksByLink.reduce((sum, row) => sum + Number(row.clicks), 0), byLink: jsonRows(clicksByLink) },
      conversions: jsonRows(conversions),
      commissions: jsonRows(records.commissions),
      ledger: jsonRows(records.ledger),
      payouts: jsonRows(records.payouts),
      messages: jsonRows(records.messages),
      taxProfile: records.taxProfile ? (jsonSafe(records.taxProfile) as Record<string, unknown>) : null,
      payoutMethod: records.payoutMethod ? (jsonSafe(records.payoutMethod) as Record<string, unknown>) : null,
      sessions: jsonRows(records.sessions),
      auditEntries: jsonRows(auditEntries),
      other: Object.fromEntries(Object.entries(other).map(([table, rows]) => [table, jsonRows(rows)])),
    };
    await this.privacy.recordExport(partnerId, operatorKeyId, requestId, Object.keys(document));
    return document;
  }
}
