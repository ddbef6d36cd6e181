import { describe, expect, it } from 'vitest';
import { maskName } from './masking.js';

describe('masked names', () => {
  it('keeps only the first character, whole', () => {
    expect(maskName('Ann Smith')).toBe('A.');
    expect(maskName('  émile ')).toBe('é.');
    expect(maskName('😀 Sam')).toBe('😀.');
    expect(maskName('   ')).toBe('');
  });
});
