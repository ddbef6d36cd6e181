import { describe, expect, it } from 'vitest';
import { shortAnswer } from '../learning/answers/challenge-answer.js';
import type { Challenge } from '../learning/catalog.js';
import { planMessages } from '../learning/plan.js';
import { challengeChoices, nextChoices, topicChoices } from './choices.js';
import { CONTENT_TEMPLATES, contentFor } from './content-templates.js';
import { fitLabel, interactiveSchema, layoutChoices, WHATSAPP_LIMITS } from './interactive.js';
import { commandOfTap as readTap, tapPayload } from './taps.js';

const challenge: Challenge = {
  code: 'python-easy-007',
  topic: 'python',
  difficulty: 'easy',
  title: 'List comprehension',
  text: 'What does [x * 2 for x in range(3)] give?',
  hint: 'range(3) is 0, 1, 2.',
  solution: '[0, 2, 4]',
  answer: shortAnswer('[0, 2, 4]'),
};
const multipleChoice: Challenge = {
  ...challenge,
  code: 'statistics-easy-012',
  topic: 'statistics',
  answer: {
    ...shortAnswer('b'),
    choices: {
      a: 'Non-response bias; satisfaction is underestimated',
      b: 'Survivorship bias; satisfaction is overestimated',
      c: 'Survivorship bias; satisfaction is underestimated',
      d: 'No bias, since every finisher is asked',
    },
  },
};

describe('layoutChoices: WhatsApp draws at most 3 buttons of 20 characters, else a list', () => {
  it('lays out Hint · Solution · Another as buttons whose payloads name the challenge', () => {
    const layout = layoutChoices(challengeChoices(challenge).items, 'Options');
    expect(layout).toEqual({
      type: 'buttons',
      buttons: [
        { title: 'Hint', id: 'dd:hint:python-easy-007' },
        { title: 'Solution', id: 'dd:solution:python-easy-007' },
        { title: 'Another', id: 'dd:another:python-easy-007' },
      ],
    });
  });

  it('turns four long multiple-choice options into a list of rows cut to 24 characters, full text below', () => {
    const set = challengeChoices(multipleChoice);
    const layout = layoutChoices(set.items, set.listButton);
    expect(layout?.type).toBe('list');
    if (layout?.type !== 'list') return;
    expect(layout.button).toBe('Answer');
    expect(layout.items.map((row) => row.id)).toEqual([
      'dd:answer:statistics-easy-012:a',
      'dd:answer:statistics-easy-012:b',
      'dd:answer:statistics-easy-012:c',
      'dd:answer:statistics-easy-012:d',
      'dd:hint:statistics-easy-012',
      'dd:solution:statistics-easy-012',
    ]);
    expect(layout.items.every((row) => row.description.trim() !== '')).toBe(true);
    expect(layout.items[1]).toEqual({
      item: 'b) Survivorship bias; s…',
      id: 'dd:answer:statistics-easy-012:b',
      description: 'Survivorship bias; satisfaction is overestimated',
    });
    expect(interactiveSchema.safeParse(layout).success).toBe(true);
  });

  it('keeps every label within the limits, never halving an emoji, and the first 10 of a longer list', () => {
    expect(fitLabel('🔥'.repeat(30), 20)).toBe(`${'🔥'.repeat(19)}…`);
    const many = Array.from({ length: 14 }, (_, i) => ({
      title: `Choice number ${i} with a long name`,
      payload: `dd:${i}`,
    }));
    const layout = layoutChoices(many, 'A list button label that is far too long');
    expect(interactiveSchema.safeParse(layout).success).toBe(true);
    expect(layout?.type === 'list' && layout.items.length).toBe(WHATSAPP_LIMITS.listItems);
  });

  it('offers the topics as a list with any topic last', () => {
    const catalog = new Map([
      ['python', new Map([['easy', 3]])],
      ['sql', new Map([['easy', 3]])],
      ['linear-algebra', new Map([['hard', 2]])],
    ]) as never;
    const set = topicChoices(catalog);
    const layout = set && layoutChoices(set.items, set.listButton);
    expect(layout?.type === 'list' && layout.items.map((row) => [row.item, row.id])).toEqual([
      ['Python', 'dd:topic:python'],
      ['SQL', 'dd:topic:sql'],
      ['Linear algebra', 'dd:topic:linear-algebra'],
      ['Any topic', 'dd:random'],
    ]);
  });
});

describe('taps: a payload acts on the challenge it names', () => {
  const commandOfTap = (payload: string, via: 'button' | 'list' = 'button') => readTap(payload, 'Label', via);

  it('reads each of our payloads back as the command it stands for', () => {
    expect(commandOfTap('dd:hint:python-easy-007')).toEqual({ kind: 'hint', code: 'python-easy-007' });
    expect(commandOfTap('dd:another:sql-hard-002')).toEqual({ kind: 'challenge', topic: 'sql', difficulty: 'hard' });
    expect(commandOfTap('dd:next:sql-hard-002')).toEqual({ kind: 'challenge', topic: 'sql', difficulty: null });
    expect(commandOfTap(tapPayload({ action: 'answer', code: 'statistics-easy-012', value: 'b' }))).toEqual({
      kind: 'answer',
      text: 'b',
      code: 'statistics-easy-012',
      via: 'button',
    });
    expect(commandOfTap('dd:topic:machine-learning')).toEqual({
      kind: 'challenge',
      topic: 'machine-learning',
      difficulty: null,
    });
    expect(commandOfTap('dd:progress')).toEqual({ kind: 'progress' });
  });

  it('reads a list row as an answer that came by list', () => {
    expect(commandOfTap('dd:answer:statistics-easy-012:b', 'list')).toMatchObject({ kind: 'answer', via: 'list' });
  });

  it('leaves payloads that are not ours to be read as text, and never guesses at one of ours that names nothing', () => {
    expect(commandOfTap('GO')).toBeUndefined();
    expect(commandOfTap('SCHOOL_PROMO:1')).toBeUndefined();
    for (const payload of [
      'dd:hint:not a code',
      'dd:another:cooking-easy-001',
      'dd:answer:python-easy-001',
      'dd:launch',
    ]) {
      expect(commandOfTap(payload)).toEqual({ kind: 'tap-expired', label: 'Label' });
    }
  });
});

describe('content templates: one per shape, everything that changes a variable', () => {
  it('fills the text, labels and payloads of a reply into the template of its shape', () => {
    const layout = layoutChoices(nextChoices('python-easy-007').items, 'Options');
    if (!layout) throw new Error('no layout');
    const content = contentFor('✅ Right!', layout);
    expect(content.friendlyName).toBe('datadrill_buttons_2_v1');
    expect(content.variables).toEqual({
      '1': '✅ Right!',
      '2': 'Next',
      '3': 'dd:next:python-easy-007',
      '4': 'Progress',
      '5': 'dd:progress',
    });
    const spec = CONTENT_TEMPLATES.get(content.friendlyName);
    expect(Object.keys(spec?.variables ?? {}).sort()).toEqual(Object.keys(content.variables).sort());
  });

  it('defines 3 button shapes and 10 list shapes, every variable with a sample', () => {
    expect(CONTENT_TEMPLATES.size).toBe(13);
    for (const spec of CONTENT_TEMPLATES.values()) {
      const used =
        JSON.stringify(spec.types)
          .match(/\{\{(\d+)\}\}/g)
          ?.map((v) => v.slice(2, -2)) ?? [];
      expect(new Set(used)).toEqual(new Set(Object.keys(spec.variables)));
    }
  });
});

describe('planMessages: buttons go under the last message when its text fits 1,024 characters', () => {
  const plan = (reply: string) =>
    ({
      topic: null,
      difficulty: null,
      challengeCode: null,
      counted: false,
      release: [],
      outcome: 'challenge',
      reply,
      choices: challengeChoices(challenge),
    }) as const;

  it('sends a challenge, its quota line and its buttons as one message', () => {
    const messages = planMessages(plan('*List comprehension* [python-easy-007]\n\nWhat…\n\n_4 more today._'));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.actions?.type).toBe('buttons');
  });

  it('sends a reply too long for buttons as text alone, never as one message more', () => {
    const messages = planMessages(plan(`${'A long paragraph. '.repeat(40)}\n\n${'Another one. '.repeat(40)}`));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.actions).toBeUndefined();
  });
});
