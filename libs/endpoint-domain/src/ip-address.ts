/** How reachable an address is: only PUBLIC may receive webhooks; LOOPBACK only in dev/test. */
export type AddressScope = 'PUBLIC' | 'LOOPBACK' | 'NON_PUBLIC';

type Cidr4 = readonly [a: number, b: number, c: number, d: number, prefix: number];

/** IANA special-purpose IPv4 blocks that must never receive a webhook (loopback handled apart). */
const NON_PUBLIC_V4: readonly Cidr4[] = [
  [0, 0, 0, 0, 8], // "this network", incl. 0.0.0.0
  [10, 0, 0, 0, 8],
  [100, 64, 0, 0, 10], // CGNAT
  [169, 254, 0, 0, 16], // link-local, incl. 169.254.169.254 cloud metadata
  [172, 16, 0, 0, 12],
  [192, 0, 0, 0, 24],
  [192, 0, 2, 0, 24],
  [192, 88, 99, 0, 24],
  [192, 168, 0, 0, 16],
  [198, 18, 0, 0, 15],
  [198, 51, 100, 0, 24],
  [203, 0, 113, 0, 24],
  [224, 0, 0, 0, 4], // multicast
  [240, 0, 0, 0, 4], // reserved, incl. broadcast
];

const toUint32 = (a: number, b: number, c: number, d: number): number => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const inCidr = (ip: number, [a, b, c, d, prefix]: Cidr4): boolean =>
  prefix === 0 || ip >>> (32 - prefix) === toUint32(a, b, c, d) >>> (32 - prefix);

/** Strict dotted quad; leading zeros are refused because some resolvers read them as octal. */
function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  const [a, b, c, d] = parts.map(Number) as [number, number, number, number];
  return toUint32(a, b, c, d);
}

function parseIPv6(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string | undefined, endsAddress: boolean): number[] | null => {
    if (!half) return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      if (endsAddress && i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIPv4(part);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) out.push(parseInt(part, 16));
      else return null;
    }
    return out;
  };
  const head = groups(halves[0], halves.length === 1);
  const tail = groups(halves[1], true);
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
}

function scopeOfIPv4(ip: number): AddressScope {
  if (ip >>> 24 === 127) return 'LOOPBACK';
  return NON_PUBLIC_V4.some((cidr) => inCidr(ip, cidr)) ? 'NON_PUBLIC' : 'PUBLIC';
}

/** Translated forms (NAT64, 6to4) reach the embedded IPv4 elsewhere, never our own loopback. */
const translated = (scope: AddressScope): AddressScope => (scope === 'LOOPBACK' ? 'NON_PUBLIC' : scope);

function scopeOfIPv6(g: number[]): AddressScope {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const embedded = ((g6 << 16) | g7) >>> 0;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(7) && g7 === 1) return 'LOOPBACK';
  if (zeroTo(5) && g5 === 0xffff) return scopeOfIPv4(embedded); // IPv4-mapped
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return translated(scopeOfIPv4(embedded));
  if (g0 === 0x2002) return translated(scopeOfIPv4(((g1 << 16) | g2) >>> 0));
  // Only 2000::/3 is global unicast; everything else (::, ::/96, fc00::/7, fe80::/10, ff00::/8...) is not.
  if ((g0 & 0xe000) !== 0x2000) return 'NON_PUBLIC';
  const ietfProtocols = g0 === 0x2001 && (g1 & 0xfe00) === 0; // 2001::/23, incl. Teredo
  const documentation = (g0 === 0x2001 && g1 === 0x0db8) || (g0 === 0x3fff && (g1 & 0xf000) === 0);
  return ietfProtocols || documentation ? 'NON_PUBLIC' : 'PUBLIC';
}

/** Scope of an IP literal (IPv6 may be bracketed), or null when the text is not an IP address. */
export function scopeOfIpAddress(text: string): AddressScope | null {
  const unbracketed = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (unbracketed.includes(':')) {
    if (unbracketed.includes('%')) return 'NON_PUBLIC'; // a zone id only exists on link-local scopes
    const groups = parseIPv6(unbracketed);
    return groups === null ? null : scopeOfIPv6(groups);
  }
  const v4 = parseIPv4(unbracketed);
  return v4 === null ? null : scopeOfIPv4(v4);
}

/**
 * True only for a globally routable unicast address. The delivery edge calls this on every
 * resolved address before connecting (DNS rebinding); anything unparseable is not public.
 */
export function isPublicIpAddress(ip: string): boolean {
  return scopeOfIpAddress(ip) === 'PUBLIC';
}
