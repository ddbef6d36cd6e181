import { describe, expect, it } from 'vitest';
import { splitReply, WHATSAPP_MAX_LENGTH } from './split-reply.js';

describe('splitReply', () => {
  it('leaves a reply that fits alone', () => {
    const text = 'x'.repeat(WHATSAPP_MAX_LENGTH);
    expect(splitReply(text)).toEqual([text]);
  });

  it('splits a long reply into numbered parts under the limit, at paragraph breaks, losing nothing', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1}: ${'lorem ipsum '.repeat(25).trim()}`);
    const parts = splitReply(paragraphs.join('\n\n'));
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, index) => {
      expect(part.length).toBeLessThanOrEqual(WHATSAPP_MAX_LENGTH);
      expect(part.startsWith(`(${index + 1}/${parts.length}) Paragraph`)).toBe(true);
    });
    const rejoined = parts.map((part) => part.replace(/^\(\d+\/\d+\) /, '')).join('\n\n');
    expect(rejoined).toBe(paragraphs.join('\n\n'));
  });

  it('cuts text without spaces without splitting an emoji', () => {
    const parts = splitReply('🐍'.repeat(1000));
    expect(parts.join('')).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(WHATSAPP_MAX_LENGTH);
  });
});
