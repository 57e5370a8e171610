import { describe, expect, it } from 'vitest';
import { deriveReleaseId, parseBuildDate } from './release-file.js';

describe('release file helpers', () => {
  it('reads -t as unix seconds or as "YYYY-MM-DD HH:MM:SS" in UTC, refusing dates that do not exist', () => {
    expect(parseBuildDate('1785578400')).toBe(1785578400);
    expect(parseBuildDate('2026-08-01 10:00:00')).toBe(1785578400);
    expect(parseBuildDate('2024-02-29 23:59:59')).toBe(1709251199);
    expect(parseBuildDate('2023-02-29 00:00:00')).toBeUndefined();
    expect(parseBuildDate('2026-08-01 24:00:00')).toBeUndefined();
    expect(parseBuildDate('2026-08-01')).toBeUndefined();
    expect(parseBuildDate('-5')).toBeUndefined();
  });

  it('derives the release id from the zip name', () => {
    expect(deriveReleaseId('lineage-21.0-20260801-nightly-bacon-signed.zip')).toBe(
      'lineage-21.0-20260801-nightly-bacon-signed',
    );
  });
});
