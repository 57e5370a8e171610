import { describe, expect, it } from 'vitest';
import type { PreviousMetadata } from '../tuf/previous-metadata.js';
import { checkExpiry } from './trust-expiry.js';

describe('checkExpiry', () => {
  const role = (version: number, expires: string) => ({
    envelope: { signed: { version, expires }, signatures: [] },
    bytes: new Uint8Array(),
  });
  const meta = (rootExpires: string, timestampExpires: string) =>
    ({
      roots: [role(1, '2030-01-01T00:00:00Z'), role(2, rootExpires)],
      timestamp: role(9, timestampExpires),
      roles: new Map([['targets', role(3, '2024-06-01T00:00:00Z')]]),
    }) as unknown as PreviousMetadata;
  const now = Date.parse('2024-01-01T00:00:00Z') / 1000;

  it('warns weeks before the newest root expires, and about anything already expired', () => {
    const soon = checkExpiry(meta('2024-01-20T00:00:00Z', '2024-01-02T00:00:00Z'), now);
    expect(soon.warnings).toHaveLength(1);
    expect(soon.warnings[0]).toMatch(/^root metadata \(version 2\) expires in 19 days/);
    expect(soon.roles.map((r) => r.role)).toEqual(['root', 'timestamp', 'targets']);

    const expired = checkExpiry(meta('2025-01-01T00:00:00Z', '2023-12-30T00:00:00Z'), now);
    expect(expired.warnings).toEqual([
      'timestamp metadata (version 9) expired 2 days ago: devices refuse the site until it is re-signed',
    ]);
    expect(checkExpiry(meta('2025-01-01T00:00:00Z', '2024-01-02T00:00:00Z'), now).warnings).toEqual(
      [],
    );
  });
});
