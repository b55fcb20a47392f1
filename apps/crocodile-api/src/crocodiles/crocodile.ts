/** The crocodile resource: its fields and the rules a write must follow. */

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

const FIELDS: Record<Exclude<keyof Crocodile, 'id'>, (v: unknown) => string | undefined> = {
  name: (v) =>
    typeof v === 'string' && v.trim() !== '' ? undefined : 'must be a non-empty string',
  sex: (v) => (v === 'M' || v === 'F' ? undefined : 'must be "M" or "F"'),
  date_of_birth: (v) =>
    typeof v === 'string' && isIsoDate(v) ? undefined : 'must be an ISO date, YYYY-MM-DD',
  age: (v) =>
    Number.isInteger(v) && (v as number) >= 0 ? undefined : 'must be a non-negative integer',
};

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isId(v: unknown): boolean {
  return (
    (Number.isInteger(v) && (v as number) > 0) || (typeof v === 'string' && /^[\w-]{1,64}$/.test(v))
  );
}

/** Every problem with a write body, one entry per field. */
export function validateCrocodile(body: unknown, mode: Mode, urlId?: string): FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ field: '(body)', message: 'must be a JSON object' }];
  }
  const errors: FieldError[] = [];
  const record = body as Record<string, unknown>;
  for (const [field, check] of Object.entries(FIELDS)) {
    if (!(field in record)) {
      if (mode !== 'patch') errors.push({ field, message: 'is required' });
      continue;
    }
    const message = check(record[field]);
    if (message) errors.push({ field, message });
  }
  if ('id' in record) {
    if (!isId(record.id)) {
      errors.push({ field: 'id', message: 'must be a positive integer or a short string' });
    } else if (mode !== 'create' && String(record.id) !== urlId) {
      errors.push({ field: 'id', message: `cannot change; the URL says ${urlId}` });
    }
  }
  for (const field of Object.keys(record)) {
    if (field !== 'id' && !(field in FIELDS))
      errors.push({ field, message: 'is not a crocodile field' });
  }
  return errors;
}
