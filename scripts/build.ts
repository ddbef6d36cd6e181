/**
 * `pnpm build`: compiles every app to JavaScript, one ESM bundle per entry point with source maps,
 * into apps/<app>/dist. Our workspace packages (@datadrill/core, ops, figures, …) are bundled in, so
 * production never needs their TypeScript sources; every npm package stays external and is loaded
 * from the app's node_modules. That is why each app's package.json must list every npm package its
 * bundle imports, including those only a workspace package uses: the build fails when one is missing,
 * since under pnpm the app could not resolve it at run time.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');

/** Entry points per app, relative to apps/<app>/src; each becomes dist/<same path>.js. */
const APPS: Record<string, string[]> = {
  ingress: ['main.ts'],
  worker: [
    'main.ts',
    'scripts/migrate.ts',
    'scripts/sync-challenges.ts',
    'scripts/check-challenges.ts',
    'scripts/learners-import.ts',
    'scripts/learners-remove.ts',
    'scripts/cohorts-create.ts',
    'scripts/learner-export.ts',
    'scripts/learner-erase.ts',
    'scripts/insights-seed.ts',
  ],
  insights: ['main.ts'],
  simulator: ['main.ts', 'chat.ts'],
};

const BUILTINS = new Set(builtinModules);

/** The npm package an import names: `@scope/name/x` → `@scope/name`, `name/x` → `name`. */
function packageName(path: string): string {
  const parts = path.split('/');
  return path.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? path);
}

function undeclaredImports(app: string, metafile: Metafile): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'apps', app, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const declared = new Set(Object.keys(manifest.dependencies ?? {}));
  const imported = Object.values(metafile.outputs).flatMap((output) =>
    output.imports.filter((entry) => entry.external).map((entry) => entry.path),
  );
  return [
    ...new Set(
      imported
        .filter((path) => !path.startsWith('node:') && !BUILTINS.has(packageName(path)))
        .map(packageName)
        .filter((name) => !declared.has(name)),
    ),
  ].sort();
}

async function buildApp(app: string, entries: string[]): Promise<string[]> {
  const dir = join(ROOT, 'apps', app);
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: dir,
    entryPoints: entries.map((entry) => ({ in: join('src', entry), out: entry.replace(/\.ts$/, '') })),
    outdir: 'dist',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    plugins: [
      {
        // Every bare import (npm packages, Node built-ins) stays a real import; only our workspace
        // packages, which pnpm links to their TypeScript sources, are resolved and inlined.
        name: 'external-npm-packages',
        setup(esbuild) {
          esbuild.onResolve({ filter: /^[^./]/ }, ({ path }) =>
            path.startsWith('@datadrill/') ? undefined : { path, external: true },
          );
        },
      },
    ],
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'dist', 'meta.json'), JSON.stringify(result.metafile));
  return undeclaredImports(app, result.metafile).map(
    (name) => `apps/${app}/dist imports ${name}, which apps/${app}/package.json does not list in "dependencies"`,
  );
}

const started = Date.now();
const problems = (await Promise.all(Object.entries(APPS).map(([app, entries]) => buildApp(app, entries)))).flat();
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(`built ${Object.keys(APPS).join(', ')} into apps/*/dist in ${Date.now() - started} ms`);
