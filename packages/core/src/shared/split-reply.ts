/** WhatsApp through Twilio refuses bodies over 1,600 characters. */
export const WHATSAPP_MAX_LENGTH = 1600;

/**
 * Splits a long reply into ordered parts, each prefixed "(i/n)", breaking at a paragraph,
 * then a line, then a space, and only as a last resort inside a word.
 */
export function splitReply(text: string, limit = WHATSAPP_MAX_LENGTH): string[] {
  if (text.length <= limit) return [text];
  const room = limit - '(99/99) '.length;
  const parts: string[] = [];
  let rest = text;
  while (rest.length > room) {
    const cut = breakPoint(rest, room);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts.map((part, index) => `(${index + 1}/${parts.length}) ${part}`);
}

function breakPoint(text: string, room: number): number {
  const window = text.slice(0, room);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at > room / 2) return at + separator.length;
  }
  // Never split a surrogate pair (an emoji) in two.
  const code = text.charCodeAt(room - 1);
  return code >= 0xd800 && code <= 0xdbff ? room - 1 : room;
}
