/**
 * Bounds on what one YAML file may make the loader build, so a hostile file
 * costs at most linear time and bounded memory. They count the data as read
 * (an alias counts as the nodes it stands for), the same way on the fast and
 * the exact parse. Set in gitota.yaml under `limits`; gitota.yaml itself is
 * read with the defaults.
 */
export interface YamlLimits {
  /** Keys in one mapping (`limits.max_yaml_keys_per_mapping`). */
  maxKeysPerMapping: number;
  /** Nodes in one file: every key, value and list item (`limits.max_yaml_nodes_per_file`). */
  maxNodesPerFile: number;
  /** Mappings and lists nested in one another (`limits.max_yaml_depth`). */
  maxDepth: number;
}

/**
 * The largest real F-Droid metadata file has about 9,000 nodes and 22 keys in
 * a mapping, nested 5 deep; a 4 MiB file of short keys holds about 400,000.
 */
export const DEFAULT_YAML_LIMITS: Readonly<YamlLimits> = {
  maxKeysPerMapping: 100_000,
  maxNodesPerFile: 500_000,
  maxDepth: 64,
};

/**
 * The parser recurses once per level: past a few hundred levels where it
 * gives up depends on the stack, so no configured depth goes beyond this.
 */
export const MAX_YAML_DEPTH = 200;

const KEYS = {
  maxKeysPerMapping: 'max_yaml_keys_per_mapping',
  maxNodesPerFile: 'max_yaml_nodes_per_file',
  maxDepth: 'max_yaml_depth',
} as const satisfies Record<keyof YamlLimits, string>;

/** The YAML limits a parsed gitota.yaml sets; unusable values (the schema reports them) keep the default. */
export function configuredYamlLimits(config: unknown): YamlLimits {
  const limits = isRecord(config) && isRecord(config.limits) ? config.limits : {};
  const pick = (name: keyof YamlLimits, most: number): number => {
    const value = limits[KEYS[name]];
    return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= most
      ? value
      : DEFAULT_YAML_LIMITS[name];
  };
  return {
    maxKeysPerMapping: pick('maxKeysPerMapping', Number.MAX_SAFE_INTEGER),
    maxNodesPerFile: pick('maxNodesPerFile', Number.MAX_SAFE_INTEGER),
    maxDepth: pick('maxDepth', MAX_YAML_DEPTH),
  };
}

/** The gitota.yaml key that sets a limit, for messages and hints. */
export function yamlLimitKey(name: keyof YamlLimits): string {
  return `limits.${KEYS[name]}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
