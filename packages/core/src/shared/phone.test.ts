import { describe, expect, it } from 'vitest';
import { maskPhone, normalisePhone } from './phone.js';

describe('normalisePhone', () => {
  it.each([
    ['whatsapp:+27 82 555 0101', '27825550101'],
    ['whatsapp:+27825550101', '27825550101'],
    ['+1 (415) 523-8886', '14155238886'],
    ['27825550101', '27825550101'],
  ])('keeps only the digits of %j', (address, digits) => {
    expect(normalisePhone(address)).toBe(digits);
  });
});

describe('maskPhone', () => {
  it('keeps the country code and the last four digits', () => {
    expect(maskPhone('whatsapp:+27825550101')).toBe('27*****0101');
  });

  it('never reveals a short number', () => {
    expect(maskPhone('12345')).toBe('*2345');
    expect(maskPhone('1234')).toBe('****');
  });
});
