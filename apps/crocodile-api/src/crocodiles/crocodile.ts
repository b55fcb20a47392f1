/** The crocodile resource: its fields and the rules a write must follow. */
import { LIMITS, RESERVED_KEYS } from '../writes/limits.ts';

/** Longest accepted name, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 200;
/** Oldest accepted age, in years. */
export const MAX_AGE = 1000;

export interface Crocodile {
  id: number | string;
  name: string;
  sex: 'M' | 'F';
  /** ISO calendar date, YYYY-MM-DD. */
  date_of_birth: string;
  age: number;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

type Mode = 'create' | 'replace' | 'patch';

// eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

// A Map, not an object literal: `field in FIELDS` would accept __proto__, toString, ...
const FIELDS = new Map<string, (v: unknown) => string | undefined>(
  Object.entries({
    name: (v: unknown) =>
      typeof v !== 'string' || v.trim() === '' || v.length > MAX_NAME_LENGTH
        ? `must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`
        : CONTROL.test(v)
          ? 'must not contain control characters (U+0000-U+001F, U+007F-U+009F)'
          : undefined,
    sex: (v: unknown) => (v === 'M' || v === 'F' ? undefined : 'must be "M" or "F"'),
    date_of_birth: (v: unknown) =>
      typeof v === 'string' && isIsoDate(v) ? undefined : 'must be an ISO date, YYYY-MM-DD',
    age: (v: unknown) =>
      Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_AGE
        ? undefined
        : `must be an integer from 0 to ${MAX_AGE}`,
  }),
);

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A client-chosen id: 1..LIMITS.maxClientId, or a short string of word characters. */
export function isClientId(v: unknown): boolean {
  // "12" and 12 are one id, so a digit string obeys the numeric range too: a string
  // "9007199254740991" would otherwise use up every automatic id.
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return (
    (Number.isSafeInteger(n) && (n as number) > 0 && (n as number) <= LIMITS.maxClientId) ||
    (typeof n === 'string' && /^[\w-]{1,64}$/.test(n))
  );
}

export const ID_RULE = `must be an integer from 1 to ${LIMITS.maxClientId} (also as a digit string), or 1-64 letters, digits, _ or - (not only digits)`;

/** Every problem with a write body, one entry per field. */
export function validateCrocodile(body: unknown, mode: Mode, urlId?: string): FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ field: '(body)', message: 'must be a JSON object' }];
  }
  const errors: FieldError[] = [];
  const record = body as Record<string, unknown>;
  for (const [field, check] of FIELDS) {
    if (!Object.hasOwn(record, field)) {
      if (mode !== 'patch') errors.push({ field, message: 'is required' });
      continue;
    }
    const message = check(record[field]);
    if (message) errors.push({ field, message });
  }
  errors.push(...idErrors(record, mode, urlId));
  for (const field of Object.keys(record)) {
    if (field !== 'id' && !FIELDS.has(field))
      errors.push({ field, message: 'is not a crocodile field' });
  }
  return errors;
}

function idErrors(record: Record<string, unknown>, mode: Mode, urlId?: string): FieldError[] {
  if (!Object.hasOwn(record, 'id')) return [];
  if (mode !== 'create') {
    return String(record.id) === urlId
      ? []
      : [{ field: 'id', message: `cannot change; the URL says ${urlId}` }];
  }
  return isClientId(record.id) ? [] : [{ field: 'id', message: ID_RULE }];
}

/**
 * Any other resource has no schema (as in json-server), but the same bounds:
 * no reserved names, limited keys and string lengths, and a valid id.
 */
export function validateRecord(body: unknown, mode: Mode, urlId?: string): FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ field: '(body)', message: 'must be a JSON object' }];
  }
  const record = body as Record<string, unknown>;
  const errors: FieldError[] = [...idErrors(record, mode, urlId)];
  const keys = Object.keys(record);
  if (keys.length > LIMITS.maxKeys)
    errors.push({ field: '(body)', message: `must have at most ${LIMITS.maxKeys} fields` });
  for (const key of keys) {
    if (RESERVED_KEYS.has(key)) errors.push({ field: key, message: 'is a reserved name' });
  }
  if (longestString(record) > LIMITS.maxStringLength) {
    errors.push({
      field: '(body)',
      message: `strings must be at most ${LIMITS.maxStringLength} characters`,
    });
  }
  return errors;
}

function longestString(value: unknown): number {
  let max = 0;
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') max = Math.max(max, v.length);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        max = Math.max(max, k.length);
        stack.push(child);
      }
    }
  }
  return max;
}
