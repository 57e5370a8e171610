import { execFile } from 'node:child_process';

/**
 * `apksigner verify --print-certs`: the real tool checks an APK's signatures
 * (v1 JAR, v2/v3 schemes) over its bytes; gitota's own reader only finds the
 * certificate, which a forger can copy. The signers are the certificates'
 * SHA-256 digests apksigner prints.
 */
export type ApkVerdict = { ok: true; signers: string[] } | { ok: false; reason: string };

export function createApkVerifier(
  apksigner: string,
  timeoutMs = 120_000,
): (file: string) => Promise<ApkVerdict> {
  return (file) =>
    new Promise((resolve) => {
      execFile(
        apksigner,
        ['verify', '--print-certs', '--', file],
        {
          timeout: timeoutMs,
          maxBuffer: 1 << 20,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
        },
        (error, stdout, stderr) => {
          if (error) {
            const said = `${stderr}\n${stdout}`
              .split('\n')
              .map((l) => l.trim())
              .filter((l) => l !== '' && !l.startsWith('WARNING'));
            resolve({ ok: false, reason: said.slice(0, 3).join(' / ') || error.message });
            return;
          }
          const signers = [
            ...stdout.matchAll(/^Signer #\d+ certificate SHA-256 digest: ([0-9a-f]{64})$/gm),
          ].map((m) => m[1]!);
          resolve(
            signers.length > 0
              ? { ok: true, signers }
              : { ok: false, reason: 'apksigner printed no signer certificate' },
          );
        },
      );
    });
}
