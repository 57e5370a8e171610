import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';

/** One 512-byte ustar header of a regular file `name` of `size` bytes (GNU base-256 when octal cannot hold it). */
export function tarHeader(name: string, size: number, type = '0', linkName = ''): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  if (size < 8 ** 11) block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  else {
    block[124] = 0x80;
    let rest = BigInt(size);
    for (let i = 135; i > 124; i--) {
      block[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
  }
  block.write('00000000000\0', 136, 'latin1');
  block.write(type, 156, 'latin1');
  block.write(linkName, 157, 100, 'utf8');
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/**
 * A bzip2 "bomb": a tar.bz2 whose one member claims `inflatedBytes` of zeros.
 * Made with the real bzip2 tool from a small block of zeros, repeated as
 * concatenated bzip2 streams (which `bzip2 -dc` decompresses one after the
 * other), so a 70 GiB tarball is a few hundred KB and takes a second to make.
 */
export async function writeBzip2Bomb(file: string, inflatedBytes: number): Promise<void> {
  const chunk = 64 << 20;
  const zeros = execFileSync('bzip2', ['-9c'], { input: Buffer.alloc(chunk), maxBuffer: 1 << 20 });
  const header = execFileSync('bzip2', ['-9c'], { input: tarHeader('./bomb', inflatedBytes) });
  const copies = Math.ceil(inflatedBytes / chunk);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: copies }, () => zeros)]));
}
