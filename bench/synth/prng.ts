import { createHash } from 'node:crypto';

/**
 * A small seeded generator (xoshiro128**): the same seed gives the same
 * sequence on every machine, so `gitota synth` output is a function of its
 * options alone. Not for secrets.
 */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(private readonly seed: string) {
    // sha256 spreads any seed text over the 128-bit state (never all zero).
    const digest = createHash('sha256').update(seed).digest();
    this.s0 = digest.readUInt32LE(0) | 1;
    this.s1 = digest.readUInt32LE(4);
    this.s2 = digest.readUInt32LE(8);
    this.s3 = digest.readUInt32LE(12);
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    const span = max - min + 1;
    if (span <= 0x1_0000_0000) return min + Math.floor((this.nextUint32() / 0x1_0000_0000) * span);
    const high = this.nextUint32() * 0x1_0000_0000 + this.nextUint32();
    return min + (high % span);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.nextUint32() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** `length` lower-case hex digits (a plausible hash). */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.nextUint32().toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const v = this.nextUint32();
      for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
    }
    return out;
  }

  /** An independent generator for one part (the releases of one device, ...): derived from the seed, not the sequence, so parts never shift each other. */
  fork(label: string): Prng {
    return new Prng(`${this.seed}/${label}`);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
