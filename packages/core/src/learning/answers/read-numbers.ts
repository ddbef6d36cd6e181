/** How a learner's number was written: its value, and how many decimals they gave. */
export interface WrittenNumber {
  value: number;
  decimals: number;
  /** Significant digits written (0.78 → 2, 1200 → 2, 12.0 → 3). */
  significant: number;
  /** Written with a % sign. */
  percent: boolean;
  /** For a comma that may separate thousands or decimals (1,234): the value read the other way. */
  otherwise?: number;
}

/**
 * One number as people type it: `-0.775`, `−2.5` (Unicode minus), `0,775` (decimal comma),
 * `12,345.6` / `12 345` (thousands), `1.2e-3`, `1.2×10^-3`, `31/40`, `77.5%`.
 */
// A sign may follow a comma ("8,-27": two values); a bare digit may not (",7" is no number).
const NUMBER =
  /(?:(?<![\p{L}\d.])([-−+])|(?<![\p{L}\d.,]))(?:(\d{1,3}(?:[ ,\u202f]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)(?:\s*\/\s*(\d+(?:\.\d+)?))?)(?:\s*(?:e|[x×*]\s*10\s*\^)\s*([-−+]?\d+))?\s*(%?)(?![\p{L}\d])/gu;

/** Every number in `text`, in the order written. */
export function readNumbers(text: string): WrittenNumber[] {
  const numbers: WrittenNumber[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const [, sign = '', body = '', denominator, exponent, percent] = match;
    const negative = sign === '-' || sign === '−';
    const parsed = readBody(body);
    if (!parsed) continue;
    let { value, decimals } = parsed;
    let otherwise = parsed.otherwise;
    if (denominator !== undefined) {
      const d = Number(denominator);
      if (d === 0) continue;
      value /= d;
      otherwise = undefined;
      decimals = Number.POSITIVE_INFINITY; // a fraction is exact
    }
    if (exponent !== undefined) {
      const power = Number(exponent.replace('−', '-'));
      value *= 10 ** power;
      decimals = Math.max(0, decimals - power);
      otherwise = undefined;
    }
    const significant = significantDigits(body);
    const signed = (v: number) => (negative ? -v : v);
    numbers.push({
      value: signed(value),
      decimals,
      significant,
      percent: percent === '%',
      ...(otherwise === undefined ? {} : { otherwise: signed(otherwise) }),
    });
  }
  return numbers;
}

function readBody(body: string): { value: number; decimals: number; otherwise?: number } | undefined {
  // Thousands groups: "12,345", "12 345", "1,234,567.5".
  if (/^\d{1,3}(?:[ ,\u202f]\d{3})+(?:\.\d+)?$/.test(body)) {
    const plain = body.replace(/[ ,\u202f]/g, '');
    const value = Number(plain);
    const decimals = plain.includes('.') ? (plain.split('.')[1]?.length ?? 0) : 0;
    // "1,234" alone may be a decimal comma: 1.234.
    const single = /^\d{1,3},\d{3}$/.test(body) ? Number(body.replace(',', '.')) : undefined;
    return single === undefined ? { value, decimals } : { value, decimals, otherwise: single };
  }
  const normalised = body.replace(',', '.');
  const value = Number(normalised.startsWith('.') ? `0${normalised}` : normalised);
  if (!Number.isFinite(value)) return undefined;
  return { value, decimals: normalised.includes('.') ? (normalised.split('.')[1]?.length ?? 0) : 0 };
}

function significantDigits(body: string): number {
  const digits = body.replace(/[^\d.]/g, '');
  const [whole = '', fraction = ''] = digits.split('.');
  const all = `${whole}${fraction}`.replace(/^0+/, '');
  if (fraction) return all.length;
  // Trailing zeros of a whole number are not significant (1200 → 2).
  return all.replace(/0+$/, '').length || 1;
}

/** How a library answer's number is written: its value and the decimals it promises. */
export function expectedNumber(written: string): { value: number; decimals: number } | undefined {
  const trimmed = written.trim();
  if (!/^[-−+]?(?:\d+(?:\.\d+)?|\.\d+)(?:e[-+]?\d+)?$/i.test(trimmed)) return undefined;
  const value = Number(trimmed.replace('−', '-'));
  const mantissa = trimmed.split(/e/i)[0] ?? '';
  const exponent = Number(trimmed.split(/e/i)[1] ?? 0);
  const decimals = Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - exponent);
  return Number.isFinite(value) ? { value, decimals } : undefined;
}
