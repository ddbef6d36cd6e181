import { z } from 'zod';

/**
 * What a challenge expects the learner to type (see challenges/README.md, "Answers"): one or more
 * values, each a number (checked to the precision written) or words, with how they may be given.
 */
export interface ChallengeAnswer {
  /** In the order the text asks for them; for multiple choice, the right letter. */
  values: readonly string[];
  /** Several values in any order (a set). */
  unordered: boolean;
  /** A proportion or probability: also accepted as a percentage. */
  percent: boolean;
  /** Other wordings accepted for a one-value word answer. */
  accept: readonly string[];
  /** Multiple choice: letter → option text. */
  choices: Readonly<Record<string, string>> | undefined;
  /** Wrong answers learners often give, each with the hint written for it. */
  mistakes: ReadonlyArray<{ value: string; hint: string }>;
}

const value = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1));

const longForm = z
  .object({
    value: value.optional(),
    values: z.array(value).min(1).optional(),
    unordered: z.boolean().default(false),
    percent: z.boolean().default(false),
    accept: z.array(value).default([]),
    choices: z.record(z.string().regex(/^[a-z]$/, 'a choice is one lower-case letter'), value).optional(),
    mistakes: z.array(z.object({ value, hint: z.string().trim().min(1) })).default([]),
  })
  .strict()
  .superRefine((answer, context) => {
    if (Boolean(answer.value) === Boolean(answer.values)) {
      context.addIssue({ code: 'custom', message: 'give either value or values' });
    }
    const values = answer.values ?? (answer.value ? [answer.value] : []);
    if (answer.choices && (values.length !== 1 || !((values[0] ?? '') in answer.choices))) {
      context.addIssue({ code: 'custom', message: 'a multiple-choice answer is one of its letters' });
    }
    if (answer.unordered && values.length < 2) {
      context.addIssue({ code: 'custom', message: 'unordered needs several values' });
    }
  })
  .transform(
    ({ value: one, values, choices, ...rest }): ChallengeAnswer => ({
      ...rest,
      choices: choices ?? undefined,
      values: values ?? [one ?? ''],
    }),
  );

const shortForm = value.transform((one) => shortAnswer(one));

/** `answer:` in the library: one value (short form) or a map (the long form), each with its own errors. */
export const challengeAnswerSchema = z
  .unknown()
  .pipe(
    z.custom<unknown>((raw) => raw !== undefined && raw !== null, {
      message: 'required: what the learner types (see challenges/README.md, "Answers")',
    }),
  )
  .transform((raw, context): ChallengeAnswer => {
    const parsed = (typeof raw === 'object' ? longForm : shortForm).safeParse(raw);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) context.addIssue({ ...issue, code: 'custom', message: issue.message });
    return z.NEVER;
  });

export function shortAnswer(one: string): ChallengeAnswer {
  return { values: [one], unordered: false, percent: false, accept: [], choices: undefined, mistakes: [] };
}

/** The answer as a learner reads it, e.g. with the solution: "5, 7" or "b) the median". */
export function formatAnswer(answer: ChallengeAnswer): string {
  const [letter] = answer.values;
  if (answer.choices && letter) return `${letter}) ${answer.choices[letter] ?? ''}`.trim();
  return answer.values.join(', ');
}

/** Stored as JSON in MySQL; a plain string is an answer written before the long form existed. */
export function answerFromStorage(stored: string): ChallengeAnswer {
  try {
    const parsed = JSON.parse(stored) as ChallengeAnswer;
    if (parsed && Array.isArray(parsed.values)) return parsed;
  } catch {
    // a plain value
  }
  return shortAnswer(stored);
}
