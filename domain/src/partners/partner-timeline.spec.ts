import {
  auditTimelineEntry,
  compareTimelineEntries,
  decodeTimelineCursor,
  encodeTimelineCursor,
  messageTimelineEntry,
  type AuditRow,
} from './partner-timeline';

const at = new Date('2026-03-01T10:00:00.000Z');
const audit = (row: Partial<AuditRow>): AuditRow => ({
  id: 'aud_01',
  at,
  action: 'partner.stage_changed',
  actorType: 'system',
  actorId: 'partner-ptn_1',
  before: null,
  after: null,
  reason: null,
  ...row,
});

describe('partner timeline', () => {
  it('tells each kind of audit entry in words', () => {
    const summary = (row: Partial<AuditRow>) => auditTimelineEntry(audit(row)).summary;
    expect(summary({ action: 'partner.applied', actorType: 'public', after: { type: 'content' } })).toBe('Applied to the program as a content partner');
    expect(summary({ before: { stage: 'ACTIVE' }, after: { stage: 'PAUSED' }, actorType: 'operator', actorId: 'key_1', reason: 'audit' })).toBe(
      'Stage ACTIVE → PAUSED (by key_1): audit',
    );
    expect(summary({ action: 'partner.termination_scheduled', actorType: 'operator', actorId: 'key_1', after: { category: 'fraud', effectiveAt: '2026-03-02T00:00:00.000Z' }, reason: 'fake leads' })).toBe(
      'Termination (fraud) scheduled to take effect 2026-03-02T00:00:00.000Z (by key_1): fake leads',
    );
    expect(summary({ action: 'partner.commissions_forfeited', after: { forfeitedCount: 2, totals: [{ amount: '12.00', currency: 'EUR' }] }, reason: 'fake leads' })).toBe(
      '2 unpaid commission(s) forfeited (12.00 EUR): fake leads',
    );
    expect(summary({ action: 'link.created', actorType: 'operator', actorId: 'key_1', after: { slug: 'abc', destination: 'https://example.com/' } })).toBe(
      'Tracking link /r/abc created for https://example.com/ (by key_1)',
    );
    expect(summary({ action: 'onboarding.step_skipped', after: { summary: 'day 7: email onboarding.webinar' }, reason: 'clicked already' })).toBe(
      'Onboarding step skipped: day 7: email onboarding.webinar: clicked already',
    );
    expect(summary({ action: 'something.new', reason: 'why' })).toBe('something.new: why');
  });

  it('tells a message by its subject and status', () => {
    const entry = messageTimelineEntry({
      id: 'msg_1', createdAt: at, channel: 'email', recipientType: 'partner', template: 'partner.welcome',
      subject: 'Welcome', status: 'failed', lastError: '550 no such user', sentAt: null,
    });
    expect(entry).toMatchObject({ type: 'message.failed', summary: 'Email "Welcome" not delivered (550 no such user)', at: at.toISOString() });
  });

  it('orders by time, then id, and pages by an opaque cursor of that position', () => {
    const a = auditTimelineEntry(audit({ id: 'aud_02' }));
    const b = messageTimelineEntry({ id: 'msg_01', createdAt: at, channel: 'email', recipientType: 'partner', template: 't', subject: 's', status: 'sent', lastError: null, sentAt: at });
    const earlier = auditTimelineEntry(audit({ id: 'aud_09', at: new Date(at.getTime() - 1) }));
    expect([b, a, earlier].sort(compareTimelineEntries).map((entry) => entry.id)).toEqual(['aud_09', 'aud_02', 'msg_01']);
    expect(decodeTimelineCursor(encodeTimelineCursor(a))).toEqual({ at, id: 'aud_02' });
    expect(decodeTimelineCursor('not a cursor')).toBeUndefined();
  });
});
