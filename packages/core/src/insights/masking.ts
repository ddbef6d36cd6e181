/**
 * A learner's name as staff see it unless INSIGHTS_SHOW_NUMBERS=true: its first character and a dot
 * ("Ann Smith" → "A."), a whole character even when it is an emoji or an accented letter.
 */
export function maskName(name: string): string {
  const [first] = Array.from(name.trim().normalize('NFC'));
  return first ? `${first}.` : '';
}
