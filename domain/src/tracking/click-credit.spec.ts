import { PARTNER_STAGES } from '../partners/partner.schema';
import { countryFromHeaders, isCreditableClick, isCreditingStage } from './click-credit';

describe('click credit', () => {
  it('credits approved partners in good standing only', () => {
    const crediting = PARTNER_STAGES.filter(isCreditingStage);
    expect(crediting).toEqual(['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK']);
  });

  it('never credits a bot, and never a paused or terminated partner', () => {
    expect(isCreditableClick('ACTIVE', false)).toBe(true);
    expect(isCreditableClick('ACTIVE', true)).toBe(false);
    expect(isCreditableClick('PAUSED', false)).toBe(false);
    expect(isCreditableClick('TERMINATED', false)).toBe(false);
  });
});

describe('countryFromHeaders', () => {
  it('reads the first country header present, upper-cased', () => {
    expect(countryFromHeaders({ 'cf-ipcountry': 'de' })).toBe('DE');
    expect(countryFromHeaders({ 'x-country': 'FR', 'cloudfront-viewer-country': 'GB' })).toBe('GB');
    expect(countryFromHeaders({ 'x-vercel-ip-country': ['NL'] })).toBe('NL');
  });

  it('is null without a usable header (unknown and Tor markers are not countries)', () => {
    expect(countryFromHeaders({})).toBeNull();
    expect(countryFromHeaders({ 'cf-ipcountry': 'XX' })).toBeNull();
    expect(countryFromHeaders({ 'cf-ipcountry': 'T1' })).toBeNull();
    expect(countryFromHeaders({ 'x-country': 'Germany' })).toBeNull();
  });
});
