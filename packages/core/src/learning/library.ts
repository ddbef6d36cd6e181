import { parseDocument } from 'yaml';
import { z } from 'zod';
import { challengeAnswerSchema } from './answers/challenge-answer.js';
import { CHALLENGE_CODE, type Challenge, DIFFICULTIES, TOPICS } from './catalog.js';

/**
 * The library is one YAML file per topic and difficulty (`challenges/python/easy.yaml`),
 * each holding a list of challenges; see challenges/README.md.
 */
const challengeSchema = z.object({
  code: z.string().regex(CHALLENGE_CODE, 'must look like <topic>-<easy|medium|hard>-<3 digits>'),
  title: z.string().trim().min(3).max(80),
  text: z.string().trim().min(20),
  hint: z.string().trim().min(1).optional(),
  answer: challengeAnswerSchema,
  solution: z.string().trim().min(1).optional(),
  // For the library's own tests, never sent: a TypeScript expression that recomputes `answer`
  // (statistics, probability, linear algebra), or the SQL that creates the tables a query runs on.
  check: z.coerce.string().trim().min(1).optional(),
  setup: z.string().trim().min(1).optional(),
});

const fileSchema = z.object({
  topic: z.enum(TOPICS),
  difficulty: z.enum(DIFFICULTIES),
  challenges: z.array(z.unknown()).min(1),
});

export interface LibraryProblem {
  file: string;
  line: number;
  message: string;
}

/** A challenge with where it is written, so problems can point authors at the line. */
export interface LocatedChallenge extends Challenge {
  file: string;
  line: number;
  check?: string | undefined;
  setup?: string | undefined;
}

export interface Library {
  challenges: LocatedChallenge[];
  problems: LibraryProblem[];
}

export function parseLibraryFile(file: string, source: string): Library {
  const doc = parseDocument(source, { keepSourceTokens: false });
  const lineOf = (offset: number | undefined) =>
    offset === undefined ? 1 : source.slice(0, offset).split('\n').length;
  const problem = (offset: number | undefined, message: string) => ({ file, line: lineOf(offset), message });
  const [syntaxError] = doc.errors;
  if (syntaxError) {
    // Later errors in a malformed file are mostly echoes of the first: report the one to fix.
    return {
      challenges: [],
      problems: [problem(syntaxError.pos[0], syntaxError.message.split('\n')[0] ?? 'malformed YAML')],
    };
  }
  const header = fileSchema.safeParse(doc.toJS());
  if (!header.success) {
    return { challenges: [], problems: header.error.issues.map((issue) => problem(0, describe(issue))) };
  }
  const { topic, difficulty } = header.data;
  const items = doc.get('challenges', true) as { items?: Array<{ range?: [number, number, number] }> };
  const library: Library = { challenges: [], problems: [] };
  header.data.challenges.forEach((raw, index) => {
    const offset = items.items?.[index]?.range?.[0];
    const item = challengeSchema.safeParse(raw);
    if (!item.success) {
      library.problems.push(...item.error.issues.map((issue) => problem(offset, describe(issue))));
    } else if (!item.data.code.startsWith(`${topic}-${difficulty}-`)) {
      library.problems.push(problem(offset, `code ${item.data.code} does not match ${topic} ${difficulty}`));
    } else {
      const { check, setup, ...challenge } = item.data;
      library.challenges.push({ ...challenge, topic, difficulty, file, line: lineOf(offset), check, setup });
    }
  });
  return library;
}

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
