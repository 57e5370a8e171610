import jsyaml from 'js-yaml';
import type { Prng } from './prng.js';
import { quoteYaml, schemaComment, type SynthFile } from './synth-file.js';

/** A real fdroiddata metadata file used as a template. */
export interface AppTemplate {
  /** Application id: the file's stem. */
  id: string;
  text: string;
}

interface TemplateVersion {
  versionCode: number;
  versionName: string;
}

const PERMISSIONS = [
  'android.permission.INTERNET',
  'android.permission.ACCESS_NETWORK_STATE',
  'android.permission.CAMERA',
  'android.permission.POST_NOTIFICATIONS',
  'android.permission.WAKE_LOCK',
];
const ABIS = ['arm64-v8a', 'armeabi-v7a', 'x86', 'x86_64'];

/**
 * `count` apps: app i is template i mod n, byte for byte, under a new id for
 * every round after the first (`<id>.copy<k>`, still a valid application id),
 * so the mix of sizes and fields is fdroiddata's own. Each gets a versions.yaml
 * with the newest (up to three) versions its Builds name.
 */
export function synthesizeApps(
  templates: readonly AppTemplate[],
  count: number,
  prng: Prng,
  added: number,
): SynthFile[] {
  if (templates.length === 0) return [];
  const versionsByTemplate = templates.map((t) => readTemplateVersions(t.text));
  const out: SynthFile[] = [];
  for (let i = 0; i < count; i++) {
    const index = i % templates.length;
    const round = Math.floor(i / templates.length);
    const template = templates[index]!;
    const id = round === 0 ? template.id : `${template.id}.copy${round}`;
    out.push({ path: `apps/${id}.yml`, content: template.text });
    const versions = versionsByTemplate[index]!;
    if (versions.length > 0) out.push(renderVersions(id, versions, prng.fork(`app/${id}`), added));
  }
  return out;
}

function renderVersions(
  id: string,
  versions: readonly TemplateVersion[],
  prng: Prng,
  added: number,
): SynthFile {
  const path = `apps/${id}/versions.yaml`;
  const signer = prng.hex(64);
  const minSdk = prng.pick([21, 23, 24, 26]);
  const nativecode = prng.chance(0.3) ? ABIS.slice(0, prng.int(1, ABIS.length)) : undefined;
  const lines = ['versions:'];
  versions.forEach((v, n) => {
    const apkName = `${id}_${v.versionCode}.apk`;
    lines.push(
      `  - versionCode: ${v.versionCode}`,
      `    versionName: ${quoteYaml(v.versionName)}`,
      `    apkName: ${apkName}`,
      `    url: https://apps.example.org/fdroid/${apkName}`,
      `    sha256: "${prng.hex(64)}"`,
      `    size: ${prng.int(300_000, 60_000_000)}`,
      `    minSdkVersion: ${minSdk}`,
      `    targetSdkVersion: ${prng.pick([33, 34, 35])}`,
      `    signer: "${signer}"`,
    );
    if (nativecode) lines.push(`    nativecode: [${nativecode.join(', ')}]`);
    lines.push('    permissions:');
    for (const name of PERMISSIONS.slice(0, 1 + (v.versionCode % PERMISSIONS.length)))
      lines.push(`      - name: ${name}`);
    lines.push(`    added: ${added - (versions.length - 1 - n) * 30 * 86_400}`);
  });
  return { path, content: `${schemaComment(path, 'app-versions')}${lines.join('\n')}\n` };
}

/** The newest up to three enabled builds of a template, oldest first, with distinct versionCodes. */
export function readTemplateVersions(text: string): TemplateVersion[] {
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    // A template that does not parse simply gets no versions.yaml; validate reports the file itself.
    return [];
  }
  if (typeof data !== 'object' || data === null) return [];
  const builds = (data as { Builds?: unknown }).Builds;
  const found = new Map<number, TemplateVersion>();
  if (Array.isArray(builds)) {
    for (const build of builds) {
      if (typeof build !== 'object' || build === null) continue;
      const b = build as Record<string, unknown>;
      if (b.disable !== undefined && b.disable !== false) continue;
      const code = Number(b.versionCode);
      if (!Number.isSafeInteger(code) || code < 1 || code > 2_147_483_647) continue;
      const name =
        b.versionName === undefined || b.versionName === null
          ? String(code)
          : String(b.versionName);
      found.set(code, { versionCode: code, versionName: name === '' ? String(code) : name });
    }
  }
  return [...found.values()].sort((a, b) => a.versionCode - b.versionCode).slice(-3);
}

export function appTemplateId(fileName: string): string {
  return fileName.replace(/\.yml$/, '');
}
