import { describe, expect, it } from 'vitest';
import { safeNext } from './auth.js';

describe('where a sign-in goes next', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeNext('/learning?from=2026-03-01&to=2026-03-19')).toBe('/learning?from=2026-03-01&to=2026-03-19');
    expect(safeNext('/challenges#flagged')).toBe('/challenges#flagged');
    expect(safeNext(undefined)).toBe('/');
  });

  it('never leaves the site, however the address is written', () => {
    for (const next of [
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/..//evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'evil.example',
    ]) {
      expect(safeNext(next), JSON.stringify(next)).toBe('/');
    }
  });
});
