/**
 * Prefixed, time-ordered ids (API.md: `prg_`, `ptn_`, `msg_`…): a millisecond timestamp in
 * Crockford base32 followed by 80 random bits, so ids sort by creation and never collide.
 * Never call `newId` from workflow code: it is not deterministic (use an activity).
 */
export const ID_PREFIXES = {
  program: 'prg',
  partner: 'ptn',
  config: 'cfg',
  message: 'msg',
  audit: 'aud',
  apiKey: 'key',
  link: 'lnk',
  click: 'clk',
  conversion: 'cnv',
  commission: 'com',
  payout: 'pay',
  payoutRun: 'run',
  payoutApproval: 'apv',
  task: 'tsk',
  coupon: 'cpn',
  visitor: 'vis',
  ledgerEntry: 'led',
  magicLink: 'mlk',
  partnerSession: 'pss',
  domainEvent: 'evt',
  webhookEndpoint: 'whe',
  webhookDelivery: 'whd',
  webhookAttempt: 'wha',
  broadcast: 'brd',
  messageThread: 'thr',
  messageTemplate: 'tpl',
  messageTemplateVersion: 'tpv',
  notificationRuleSet: 'nrs',
  fxRate: 'fxr',
  creative: 'crv',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encodeTime(ms: number, length: number): string {
  let out = '';
  let value = ms;
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/**
 * Random bytes drawn 4 KiB at a time: one getRandomValues call per id cost more than the rest of
 * a click redirect's id work together (bench/click-redirect). Each byte is used once.
 */
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomChars(length: number): string {
  if (poolOffset + length > POOL_SIZE) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  let out = '';
  // 256 is a multiple of 32, so `byte % 32` keeps every character equally likely.
  for (let i = 0; i < length; i++) out += CROCKFORD[pool[poolOffset + i] % 32];
  poolOffset += length;
  return out;
}

export function newId(kind: IdKind, now: number = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(now, 10)}${randomChars(16)}`.toLowerCase();
}

export function hasIdPrefix(kind: IdKind, value: string): boolean {
  return value.startsWith(`${ID_PREFIXES[kind]}_`);
}
