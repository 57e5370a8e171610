import type { JsonObject } from './index-v2.js';

type Json = JsonObject[string];

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * What turns `source` into `target`, the way F-Droid's index diffs say it
 * (JSON merge patch): a key missing from `target` is `null`, a changed object is
 * diffed recursively, anything else (lists included) is replaced whole.
 * Unchanged keys are left out.
 */
export function diffIndex(source: Json, target: Json): Json {
  if (!isObject(source) || !isObject(target)) return target;
  const out: JsonObject = {};
  for (const key of Object.keys(source)) if (!(key in target)) out[key] = null;
  for (const [key, value] of Object.entries(target)) {
    if (!(key in source)) out[key] = value;
    else if (!sameJson(source[key], value)) out[key] = diffIndex(source[key] ?? null, value);
  }
  return out;
}

/** Applies a diff made by `diffIndex` (what a client does). */
export function applyIndexDiff(source: Json, diff: Json): Json {
  if (!isObject(source) || !isObject(diff)) return diff;
  const out: JsonObject = { ...source };
  for (const [key, value] of Object.entries(diff)) {
    if (value === null) delete out[key];
    else out[key] = applyIndexDiff(source[key] ?? null, value);
  }
  return out;
}

function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (
    a === null ||
    b === null ||
    a === undefined ||
    b === undefined ||
    typeof a !== 'object' ||
    typeof b !== 'object'
  )
    return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const keys = Object.keys(ao);
  return (
    keys.length === Object.keys(bo).length && keys.every((k) => k in bo && sameJson(ao[k], bo[k]))
  );
}
