import { isPublicIpAddress, scopeOfIpAddress } from './ip-address';

describe('isPublicIpAddress', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82a::200e',
    '[2606:4700::1]',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', (ip) => {
    expect(isPublicIpAddress(ip)).toBe(true);
  });

  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback /8', '127.255.0.9'],
    ['private 10/8', '10.1.2.3'],
    ['private 172.16/12', '172.31.255.255'],
    ['private 192.168/16', '192.168.0.1'],
    ['link-local', '169.254.10.1'],
    ['cloud metadata', '169.254.169.254'],
    ['unspecified', '0.0.0.0'],
    ['this network', '0.1.2.3'],
    ['CGNAT', '100.64.0.1'],
    ['CGNAT upper end', '100.127.255.255'],
    ['multicast', '224.0.0.251'],
    ['broadcast', '255.255.255.255'],
    ['documentation', '203.0.113.7'],
    ['benchmarking', '198.18.0.1'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unspecified', '::'],
    ['unique local fc00::/7', 'fd12:3456::1'],
    ['link-local fe80::/10', 'fe80::1'],
    ['link-local with zone', 'fe80::1%eth0'],
    ['IPv6 multicast', 'ff02::1'],
    ['IPv6 documentation', '2001:db8::1'],
    ['Teredo', '2001:0:4136:e378::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped loopback, hex form', '::ffff:7f00:1'],
    ['IPv4-mapped private', '::ffff:10.0.0.1'],
    ['IPv4-mapped metadata', '::ffff:169.254.169.254'],
    ['IPv4-compatible (deprecated)', '::8.8.8.8'],
    ['NAT64 of a private address', '64:ff9b::a00:1'],
    ['6to4 of loopback', '2002:7f00:1::1'],
    ['not an address', 'example.com'],
    ['octal-looking IPv4', '0127.0.0.1'],
    ['too many groups', '1:2:3:4:5:6:7:8:9'],
    ['two ::', '1::2::3'],
  ])('%s (%s) is not public', (_, ip) => {
    expect(isPublicIpAddress(ip)).toBe(false);
  });

  it('tells loopback apart, so dev/test may allow it', () => {
    expect(scopeOfIpAddress('127.0.0.1')).toBe('LOOPBACK');
    expect(scopeOfIpAddress('[::1]')).toBe('LOOPBACK');
    expect(scopeOfIpAddress('::ffff:127.0.0.1')).toBe('LOOPBACK');
    expect(scopeOfIpAddress('10.0.0.1')).toBe('NON_PUBLIC');
    expect(scopeOfIpAddress('localhost')).toBeNull();
  });
});
