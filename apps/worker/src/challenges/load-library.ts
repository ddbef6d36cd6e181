import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type Library, parseLibraryFile } from '@datadrill/core';

/** Reads every YAML file of the library folder; the core parses and checks them. */
export async function loadLibrary(dir: string): Promise<Library> {
  const files = (await readdir(dir, { recursive: true })).filter((name) => /\.ya?ml$/.test(name)).sort();
  const library: Library = { challenges: [], problems: [] };
  for (const file of files) {
    const source = await readFile(join(dir, file), 'utf8');
    const parsed = parseLibraryFile(relative(process.cwd(), join(dir, file)), source);
    library.challenges.push(...parsed.challenges);
    library.problems.push(...parsed.problems);
  }
  return library;
}
