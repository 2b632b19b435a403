import type { IncomingMessage } from 'node:http';
import express from 'express';
import { parseEnv } from '@partnerflow/domain';
import { clientAddressOf, isHttpsRequest, type TrustProxy } from './client-address';

const DATABASE_URL = 'postgresql://u@localhost/db';

/** An express app configured from TRUST_PROXY as app.factory.ts does, and a request as each path sees it. */
function withTrustProxy(trustProxy: string | undefined) {
  const app = express();
  app.set('trust proxy', parseEnv({ DATABASE_URL, TRUST_PROXY: trustProxy }).TRUST_PROXY);
  const trust = app.get('trust proxy fn') as TrustProxy;
  const requestFrom = (peer: string, headers: Record<string, string>, encrypted = false) => {
    const socket = { remoteAddress: peer, encrypted };
    const viaExpress = Object.assign(Object.create(app.request), { headers, socket, connection: socket }) as express.Request;
    return { viaExpress, raw: { headers, socket } as unknown as IncomingMessage };
  };
  return { trust, requestFrom };
}

describe('the visitor address and scheme on the fast path', () => {
  const cases: [trustProxy: string | undefined, peer: string, forwardedFor: string | undefined][] = [
    [undefined, '203.0.113.7', '198.51.100.1'],
    ['false', '127.0.0.1', '198.51.100.1'],
    ['1', '127.0.0.1', '198.51.100.1, 10.0.0.2'],
    ['2', '127.0.0.1', '198.51.100.1,10.0.0.2'],
    ['2', '127.0.0.1', ' 198.51.100.1 ,  , 10.0.0.2 '],
    ['5', '127.0.0.1', '198.51.100.1'],
    ['loopback', '127.0.0.1', '198.51.100.1, 127.0.0.1'],
    ['loopback', '::1', '2001:db8::1'],
    ['loopback, uniquelocal', '127.0.0.1', '198.51.100.1, 10.1.2.3, 192.168.0.9'],
    ['loopback', '203.0.113.7', '198.51.100.1'],
    ['10.0.0.0/8', '10.9.9.9', '198.51.100.1'],
    ['loopback', '127.0.0.1', undefined],
    ['loopback', '::ffff:127.0.0.1', '198.51.100.1'],
  ];

  it.each(cases)('TRUST_PROXY=%s, peer %s, X-Forwarded-For %s: the address express reads', (trustProxy, peer, forwardedFor) => {
    const { trust, requestFrom } = withTrustProxy(trustProxy);
    const { viaExpress, raw } = requestFrom(peer, forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor });
    expect(clientAddressOf(raw, trust)).toBe(viaExpress.ip);
  });

  it('believes X-Forwarded-Proto only from a trusted proxy, as express does', () => {
    for (const [trustProxy, peer, proto, encrypted] of [
      ['loopback', '127.0.0.1', 'https', false],
      ['loopback', '127.0.0.1', 'http, https', true],
      [undefined, '127.0.0.1', 'https', false],
      [undefined, '127.0.0.1', 'http', true],
      ['1', '203.0.113.7', 'https', false],
    ] as const) {
      const { trust, requestFrom } = withTrustProxy(trustProxy);
      const { viaExpress, raw } = requestFrom(peer, { 'x-forwarded-proto': proto }, encrypted);
      expect(isHttpsRequest(raw, trust)).toBe(viaExpress.protocol === 'https');
    }
  });

  it('refuses TRUST_PROXY values that would let any visitor choose its address, or are not addresses', () => {
    for (const value of ['true', 'everything', '10.0.0.0/8, *']) {
      expect(() => parseEnv({ DATABASE_URL, TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
    }
    expect(parseEnv({ DATABASE_URL }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ DATABASE_URL, TRUST_PROXY: '0' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ DATABASE_URL, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8']);
  });
});
