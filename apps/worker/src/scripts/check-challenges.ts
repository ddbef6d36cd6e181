import { checkLibrary } from '@datadrill/core';
import { loadLibrary } from '../challenges/load-library.js';

/** `pnpm challenges:check [dir]`: validates the library; exits 1 listing each problem as file:line. */
const dir = process.argv[2] ?? process.env.CHALLENGES_DIR ?? 'challenges';
const library = await loadLibrary(dir);
const problems = checkLibrary(library);
for (const problem of problems) console.error(`${problem.file}:${problem.line}: ${problem.message}`);
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s) in ${dir}/`);
  process.exit(1);
}
const cells = new Set(library.challenges.map((challenge) => `${challenge.topic} ${challenge.difficulty}`));
console.log(`${dir}/: ${library.challenges.length} challenges in ${cells.size} topic × difficulty cells, no problems`);
