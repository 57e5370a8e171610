/**
 * Reads of untrusted bytes (an APK's zip records, its binary manifest, its
 * signing block) where every offset comes from the bytes themselves: each read
 * is checked against the buffer, and one out of range is the format's own
 * error (`fail`), never Node's ERR_OUT_OF_RANGE.
 */
export class CheckedBytes {
  constructor(
    readonly buffer: Buffer,
    private readonly fail: (message: string) => never,
  ) {}

  get length(): number {
    return this.buffer.length;
  }

  private check(at: number, size: number, what: string): void {
    if (!Number.isSafeInteger(at) || at < 0 || at + size > this.buffer.length) {
      this.fail(`${what} at offset ${at} lies outside the ${this.buffer.length} bytes`);
    }
  }

  u8(at: number, what = 'a byte'): number {
    this.check(at, 1, what);
    return this.buffer[at]!;
  }

  u16(at: number, what = 'a 16-bit value'): number {
    this.check(at, 2, what);
    return this.buffer.readUInt16LE(at);
  }

  u32(at: number, what = 'a 32-bit value'): number {
    this.check(at, 4, what);
    return this.buffer.readUInt32LE(at);
  }

  /** A 64-bit length, refused past Number.MAX_SAFE_INTEGER. */
  u64(at: number, what = 'a 64-bit value'): number {
    this.check(at, 8, what);
    const value = this.buffer.readBigUInt64LE(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER))
      this.fail(`${what} at offset ${at} is too large (${value})`);
    return Number(value);
  }

  text(start: number, end: number, encoding: 'utf8' | 'utf16le', what = 'a string'): string {
    this.check(start, Math.max(0, end - start), what);
    if (end < start) this.fail(`${what} at offset ${start} has a negative length`);
    return this.buffer.toString(encoding, start, end);
  }

  slice(start: number, end: number, what = 'a block'): Buffer {
    this.check(start, Math.max(0, end - start), what);
    if (end < start) this.fail(`${what} at offset ${start} has a negative length`);
    return this.buffer.subarray(start, end);
  }
}
