/** The systems a new content repository can start with: one small example of each. */
export const STARTER_KINDS = ['lineage', 'fdroid', 'tomtom', 'legato'] as const;
export type StarterKind = (typeof STARTER_KINDS)[number];

export const STARTER_KIND_NAMES: Readonly<Record<StarterKind, string>> = {
  lineage: 'LineageOS builds (devices/, releases/)',
  fdroid: 'an F-Droid repository (apps/)',
  tomtom: 'TomTom Bridge package-lists (package-lists/, update-locations/)',
  legato: 'Legato update packs (packs/)',
};

/** `--kinds lineage,fdroid`: the kinds in STARTER_KINDS order, or the first unknown name. */
export function parseStarterKinds(text: string): { kinds: StarterKind[] } | { unknown: string } {
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  for (const name of names)
    if (!(STARTER_KINDS as readonly string[]).includes(name)) return { unknown: name };
  return { kinds: STARTER_KINDS.filter((k) => names.includes(k)) };
}
