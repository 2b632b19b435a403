import { classifyIpAddress, internalAddressProblem, webhookDestinationRefusal, webhookUrlHost, type IpAddressKind } from './webhook-destination';

const kinds = (cases: [string, IpAddressKind | undefined][]) => cases.map(([ip]) => [ip, classifyIpAddress(ip)]);

describe('webhook destinations: which addresses are internal', () => {
  it('classifies IPv4 addresses, range edges included', () => {
    const cases: [string, IpAddressKind][] = [
      ['0.0.0.0', 'unspecified'],
      ['0.255.255.255', 'unspecified'],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['10.0.0.1', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.20', 'private'],
      ['100.64.0.1', 'shared'],
      ['100.127.255.255', 'shared'],
      ['169.254.169.254', 'link-local'],
      ['224.0.0.251', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['255.255.255.255', 'reserved'],
      ['198.18.0.1', 'reserved'],
      // just outside the ranges
      ['172.15.255.255', 'public'],
      ['172.32.0.0', 'public'],
      ['100.63.255.255', 'public'],
      ['100.128.0.0', 'public'],
      ['169.253.255.255', 'public'],
      ['11.0.0.0', 'public'],
      ['93.184.215.14', 'public'],
      ['223.255.255.255', 'public'],
    ];
    expect(kinds(cases)).toEqual(cases);
  });

  it('classifies IPv6 addresses, with or without the brackets of a URL host', () => {
    const cases: [string, IpAddressKind][] = [
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['[::1]', 'loopback'],
      ['0:0:0:0:0:0:0:1', 'loopback'],
      ['fc00::1', 'private'],
      ['fd12:3456:789a::1', 'private'],
      ['fe80::1', 'link-local'],
      ['febf:ffff::1', 'link-local'],
      ['ff02::1', 'multicast'],
      ['::7f00:1', 'reserved'],
      ['2606:4700:4700::1111', 'public'],
      ['[2001:4860:4860::8888]', 'public'],
      ['fbff::1', 'public'],
    ];
    expect(kinds(cases)).toEqual(cases);
  });

  it('sees through IPv4 inside IPv6: mapped, NAT64 and 6to4', () => {
    const cases: [string, IpAddressKind][] = [
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:7f00:1', 'loopback'],
      ['::ffff:a9fe:a9fe', 'link-local'],
      ['::ffff:10.1.2.3', 'private'],
      ['::ffff:0.0.0.0', 'unspecified'],
      ['::ffff:93.184.215.14', 'public'],
      ['64:ff9b::7f00:1', 'loopback'],
      ['64:ff9b::169.254.169.254', 'link-local'],
      ['64:ff9b::93.184.215.14', 'public'],
      ['2002:7f00:1::1', 'loopback'],
      ['2002:c0a8:101::1', 'private'],
      ['2002:5db8:d70e::1', 'public'],
    ];
    expect(kinds(cases)).toEqual(cases);
  });

  it('does not take host names or malformed text for addresses', () => {
    for (const text of ['localhost', 'example.com', '127.0.0.1.nip.io', '0x7f.1', '2130706433', '127.1', '01.02.03.04', 'fe80::1%eth0', '1.2.3.4.5', '']) {
      expect([text, classifyIpAddress(text)]).toEqual([text, undefined]);
    }
  });

  it('reads a URL\'s host as the URL parser normalises it: decimal, hex, octal and short IPv4 forms are addresses', () => {
    expect(webhookUrlHost('http://2130706433/hooks')).toEqual({ host: '127.0.0.1', literalAddress: true });
    expect(webhookUrlHost('http://0x7f.1/')).toEqual({ host: '127.0.0.1', literalAddress: true });
    expect(webhookUrlHost('http://0x7f000001:8080/')).toEqual({ host: '127.0.0.1', literalAddress: true });
    expect(webhookUrlHost('http://017700000001/')).toEqual({ host: '127.0.0.1', literalAddress: true });
    expect(webhookUrlHost('http://127.1/')).toEqual({ host: '127.0.0.1', literalAddress: true });
    expect(webhookUrlHost('https://0/')).toEqual({ host: '0.0.0.0', literalAddress: true });
    expect(webhookUrlHost('http://[::ffff:127.0.0.1]/')).toEqual({ host: '::ffff:7f00:1', literalAddress: true });
    expect(webhookUrlHost('http://[::]:80/')).toEqual({ host: '::', literalAddress: true });
    expect(webhookUrlHost('https://hooks.example.com/x')).toEqual({ host: 'hooks.example.com', literalAddress: false });
    expect(webhookUrlHost('http://LOCALHOST./')).toEqual({ host: 'localhost.', literalAddress: false });
    for (const url of ['http://2130706433/', 'http://0x7f.1/', 'http://[::ffff:7f00:1]/']) {
      expect(classifyIpAddress(webhookUrlHost(url).host)).toBe('loopback');
    }
  });

  it('says why, and names the setting that lifts the guard', () => {
    expect(internalAddressProblem('169.254.169.254')).toBe('169.254.169.254 is a link-local address (cloud metadata services live there)');
    expect(internalAddressProblem('93.184.215.14')).toBeUndefined();
    expect(internalAddressProblem('example.com')).toBeUndefined();
    expect(webhookDestinationRefusal({ host: '127.0.0.1', literalAddress: true }, ['127.0.0.1'])).toBe(
      '127.0.0.1 is a loopback address: webhooks are not sent to internal networks (WEBHOOK_ALLOW_PRIVATE_NETWORKS is false)',
    );
    expect(webhookDestinationRefusal({ host: 'localhost', literalAddress: false }, ['127.0.0.1', '::1'])).toBe(
      'localhost resolves only to internal addresses (127.0.0.1 is a loopback address; ::1 is a loopback address): ' +
        'webhooks are not sent to internal networks (WEBHOOK_ALLOW_PRIVATE_NETWORKS is false)',
    );
  });
});
