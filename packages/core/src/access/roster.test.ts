import { describe, expect, it } from 'vitest';
import { joinCode, normaliseNumber, readRoster } from './roster.js';

describe('readRoster', () => {
  it('reads the columns in any order and case, national numbers from DEFAULT_COUNTRY, and refuses bad rows by line', () => {
    const rows = [
      ['Email', 'Name', 'PHONE', 'Cohort'],
      ['thandi@example.org', 'Thandi', '0825550102', '2027-A'],
      ['', 'Ade', '+234 803 123 4567', ''],
      ['', 'No number', '', ''],
      ['not-an-email', 'Sipho', '+27825550103', ''],
      ['', 'Nonsense', 'call me', ''],
      ['', '', '', ''],
      ['', 'Thandi again', '+27 82 555 0102', '2027-B'],
    ];
    const { entries, refused } = readRoster(rows, 'ZA');
    expect(entries).toEqual([
      { phone: '27825550102', name: 'Thandi again', cohort: '2027-B', email: null },
      { phone: '2348031234567', name: 'Ade', cohort: null, email: null },
    ]);
    expect(refused).toEqual([
      { line: 4, reason: 'no phone number' },
      { line: 5, reason: '"not-an-email" is not an email address' },
      { line: 6, reason: '"call me" is not a phone number' },
    ]);
  });

  it('refuses a file whose header has no phone column', () => {
    expect(readRoster([['name', 'email']], 'ZA').refused).toEqual([
      { line: 1, reason: 'the header has no "phone" column' },
    ]);
  });

  it('needs a country for a national number', () => {
    expect(normaliseNumber('0825550102', undefined)).toEqual({
      refused: '"0825550102" has no country code (set DEFAULT_COUNTRY)',
    });
    expect(normaliseNumber('whatsapp:+27825550102', undefined)).toBe('27825550102');
  });
});

describe('joinCode', () => {
  it('is 8 characters with none that read alike', () => {
    let n = 0;
    const code = joinCode((size) => Uint8Array.from({ length: size }, () => n++ * 37));
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
  });
});
