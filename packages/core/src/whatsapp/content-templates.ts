import { type Interactive, WHATSAPP_LIMITS } from './interactive.js';

/**
 * The Content API templates the bot creates for its tappable messages: one per shape (1 to 3
 * buttons, a list of 1 to 10 rows), with a variable for everything that changes from message to
 * message: the text, each label, and each payload (which names the challenge). Session messages
 * only: none of them is submitted for WhatsApp's approval. Bump the version to change a shape;
 * the new name is created next to the old one.
 */
const VERSION = 'v1';

export interface ContentTemplateSpec {
  friendlyName: string;
  language: string;
  /** A sample for every variable, as the Content API asks. */
  variables: Record<string, string>;
  types: Partial<Record<'twilio/quick-reply' | 'twilio/list-picker', unknown>>;
}

/** A message's template and the values of its variables (Twilio's ContentVariables). */
export interface ContentRef {
  friendlyName: string;
  variables: Record<string, string>;
}

const buttonsName = (count: number) => `datadrill_buttons_${count}_${VERSION}`;
const listName = (count: number) => `datadrill_list_${count}_${VERSION}`;

const range = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** Every template the bot may send, by friendly name. */
export const CONTENT_TEMPLATES: ReadonlyMap<string, ContentTemplateSpec> = new Map([
  ...range(WHATSAPP_LIMITS.buttons).map((count) => [buttonsName(count), buttonsSpec(count)] as const),
  ...range(WHATSAPP_LIMITS.listItems).map((count) => [listName(count), listSpec(count)] as const),
]);

/** Variable "1" is the text; then each button's title and id. */
function buttonsSpec(count: number): ContentTemplateSpec {
  const variables: Record<string, string> = { '1': 'Challenge text' };
  const actions = range(count).map((n) => {
    const title = String(2 * n);
    const id = String(2 * n + 1);
    variables[title] = `Choice ${n}`;
    variables[id] = `dd:help`;
    return { title: `{{${title}}}`, id: `{{${id}}}` };
  });
  return {
    friendlyName: buttonsName(count),
    language: 'en',
    variables,
    types: { 'twilio/quick-reply': { body: '{{1}}', actions } },
  };
}

/** Variable "1" is the text, "2" the list's button; then each row's label, id and description. */
function listSpec(count: number): ContentTemplateSpec {
  const variables: Record<string, string> = { '1': 'Pick one', '2': 'Choose' };
  const items = range(count).map((n) => {
    const [item, id, description] = [3 * n, 3 * n + 1, 3 * n + 2].map(String) as [string, string, string];
    variables[item] = `Row ${n}`;
    variables[id] = 'dd:help';
    variables[description] = `About row ${n}`;
    return { item: `{{${item}}}`, id: `{{${id}}}`, description: `{{${description}}}` };
  });
  return {
    friendlyName: listName(count),
    language: 'en',
    variables,
    types: { 'twilio/list-picker': { body: '{{1}}', button: '{{2}}', items } },
  };
}

/** The template that draws `interactive` under `body`, and the values of its variables. */
export function contentFor(body: string, interactive: Interactive): ContentRef {
  const variables: Record<string, string> = { '1': body };
  if (interactive.type === 'buttons') {
    interactive.buttons.forEach((button, i) => {
      variables[String(2 * (i + 1))] = button.title;
      variables[String(2 * (i + 1) + 1)] = button.id;
    });
    return { friendlyName: buttonsName(interactive.buttons.length), variables };
  }
  variables['2'] = interactive.button;
  interactive.items.forEach((row, i) => {
    const n = i + 1;
    variables[String(3 * n)] = row.item;
    variables[String(3 * n + 1)] = row.id;
    // A variable must not be empty: a row without a description repeats its label.
    variables[String(3 * n + 2)] = row.description || row.item;
  });
  return { friendlyName: listName(interactive.items.length), variables };
}
