import type { FileHandle } from 'node:fs/promises';
import { READ_BUFFER_BYTES } from './hash-file.js';

/**
 * Buffered sequential reads over a file handle: byte by byte for headers,
 * chunk by chunk for payloads, 1 MiB at a time from the disk.
 */
export class ByteReader {
  private readonly buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  private start = 0;
  private end = 0;
  private filePosition = 0;
  private eof = false;

  constructor(private readonly handle: FileHandle) {}

  /** Offset in the file of the next byte `byte()` returns. */
  get offset(): number {
    return this.filePosition - (this.end - this.start);
  }

  /** The next byte, or -1 at the end of the file. */
  async byte(): Promise<number> {
    if (this.start === this.end && !(await this.fill())) return -1;
    return this.buffer[this.start++]!;
  }

  /** Puts back the byte just read (one byte of look-ahead, like the device's number parser needs). */
  unread(): void {
    this.start--;
  }

  /** Passes up to `count` bytes to `sink`; returns how many there were before the end of the file. */
  async copy(count: number, sink: (chunk: Buffer) => void): Promise<number> {
    let copied = 0;
    while (copied < count) {
      if (this.start === this.end && !(await this.fill())) break;
      const take = Math.min(count - copied, this.end - this.start);
      sink(this.buffer.subarray(this.start, this.start + take));
      this.start += take;
      copied += take;
    }
    return copied;
  }

  /** Reads to the end of the file, counting the bytes. */
  async drain(sink?: (chunk: Buffer) => void): Promise<number> {
    return this.copy(Number.MAX_SAFE_INTEGER, sink ?? (() => undefined));
  }

  private async fill(): Promise<boolean> {
    if (this.eof) return false;
    const { bytesRead } = await this.handle.read(
      this.buffer,
      0,
      this.buffer.length,
      this.filePosition,
    );
    this.filePosition += bytesRead;
    this.start = 0;
    this.end = bytesRead;
    if (bytesRead === 0) this.eof = true;
    return bytesRead > 0;
  }
}
