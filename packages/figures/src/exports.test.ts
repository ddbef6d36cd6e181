import { describe, expect, it } from 'vitest';
import { csvCell } from './exports.js';

describe('CSV cells', () => {
  it('puts a quote before what a spreadsheet would run as a formula', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tcmd', '\r=1']) {
      expect(csvCell(text)).toBe(`'${text}`);
    }
  });

  it('leaves plain text, plain numbers (Twilio’s negative prices) and non-strings alone; dates as ISO', () => {
    expect(csvCell('python easy')).toBe('python easy');
    expect(csvCell('-0.00500')).toBe('-0.00500');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-1)).toBe(-1);
    expect(csvCell(null)).toBe(null);
    expect(csvCell(new Date('2026-03-02T09:00:00Z'))).toBe('2026-03-02T09:00:00.000Z');
  });
});
