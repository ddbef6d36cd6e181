import { z } from 'zod';

/**
 * WhatsApp's limits for tappable session messages (Twilio's twilio/quick-reply and
 * twilio/list-picker): 3 reply buttons without template approval, 10 list rows, and labels that
 * WhatsApp refuses or cuts when longer.
 */
export const WHATSAPP_LIMITS = {
  buttons: 3,
  buttonTitle: 20,
  listItems: 10,
  listItem: 24,
  listDescription: 72,
  listButton: 20,
  /** The text above buttons or a list (a plain message may hold 1,600). */
  body: 1024,
  /** A list row's id; a button's id is kept to the same. */
  payload: 200,
} as const;

/** One thing the learner can tap, as the core decides it: what it says and what tapping it does. */
export interface Choice {
  title: string;
  /** What comes back when tapped (see taps.ts): names the action and the challenge. */
  payload: string;
  /** Shown under a list row (a button shows only its title). */
  description?: string | undefined;
}

/** What a reply offers to tap, and the label of the list's button should the choices become a list. */
export interface ChoiceSet {
  items: readonly Choice[];
  listButton: string;
}

/** A reply's choices laid out the way WhatsApp draws them: up to 3 buttons, or a list. */
/** WhatsApp counts characters, not UTF-16 units: an emoji is one. */
const label = (max: number, min = 1) =>
  z.string().refine((text) => {
    const length = Array.from(text).length;
    return length >= min && length <= max;
  }, `${min} to ${max} characters`);

export const interactiveSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('buttons'),
    buttons: z
      .array(
        z.object({ title: label(WHATSAPP_LIMITS.buttonTitle), id: z.string().min(1).max(WHATSAPP_LIMITS.payload) }),
      )
      .min(1)
      .max(WHATSAPP_LIMITS.buttons),
  }),
  z.object({
    type: z.literal('list'),
    button: label(WHATSAPP_LIMITS.listButton),
    items: z
      .array(
        z.object({
          item: label(WHATSAPP_LIMITS.listItem),
          id: z.string().min(1).max(WHATSAPP_LIMITS.payload),
          description: label(WHATSAPP_LIMITS.listDescription, 0),
        }),
      )
      .min(1)
      .max(WHATSAPP_LIMITS.listItems),
  }),
]);
export type Interactive = z.infer<typeof interactiveSchema>;

/** Cuts a label to `max` characters (code points, so an emoji is never halved), marking the cut. */
export function fitLabel(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length <= max
    ? chars.join('')
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * Buttons when there are at most 3 choices whose titles fit a button; otherwise a list, whose rows
 * take longer labels and a description (the full title when the row had to cut it, never blank).
 * Past 10 choices the first 10 are kept: every reply also says what to type.
 */
export function layoutChoices(choices: readonly Choice[], listButton: string): Interactive | undefined {
  if (choices.length === 0) return undefined;
  const fitButtons =
    choices.length <= WHATSAPP_LIMITS.buttons &&
    choices.every((choice) => Array.from(choice.title.trim()).length <= WHATSAPP_LIMITS.buttonTitle);
  if (fitButtons) return { type: 'buttons', buttons: choices.map(({ title, payload }) => ({ title, id: payload })) };
  return {
    type: 'list',
    button: fitLabel(listButton, WHATSAPP_LIMITS.listButton),
    items: choices.slice(0, WHATSAPP_LIMITS.listItems).map(({ title, payload, description }) => {
      const item = fitLabel(title, WHATSAPP_LIMITS.listItem);
      return { item, id: payload, description: fitLabel(description ?? title, WHATSAPP_LIMITS.listDescription) };
    }),
  };
}
