// Architecture rules for the workspace, run by `pnpm lint` after Biome:
//   depcruise --config .dependency-cruiser.js apps packages bench test
// Paths in rules are relative to the repo root. Workspace packages (`@datadrill/core` etc.) are
// pnpm symlinks whose package.json "exports" point at src/index.ts, so they resolve to real
// source files (packages/<name>/src/index.ts), not to node_modules, and their edges are checked.
// Allowed on purpose (used today): test/ and bench/ import apps' source (test/support/test-database.ts
// → apps/worker/src/repositories/*), bench/ imports test/support/*, and apps' *.test.ts import test/support/*.

// Third-party libraries that do I/O; matched both resolved (…/node_modules/<name>/…) and, for a
// package core does not depend on (pnpm then cannot resolve it), by its bare name.
const IO_LIBRARIES = '(knex|mysql2|ioredis|bullmq|twilio|prom-client|fastify|@fastify/[^/]+|@slack/web-api)';
// Node built-ins that do I/O, with or without `node:` and including sub-paths such as fs/promises.
const IO_BUILTINS = '^(node:)?(fs|net|http|https|child_process|dgram|dns|tls)(/|$)';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Cycles (type-only ones too) make modules impossible to reason about, test or split in isolation.',
      severity: 'error',
      from: { path: '^(apps|packages|bench|test)/' },
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      comment: 'Core is the I/O-free domain: the apps inject databases, queues, HTTP and Twilio/Slack through ports.',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      to: { path: ['^apps/', `(^|/node_modules/)${IO_LIBRARIES}(/|$)`, IO_BUILTINS] },
    },
    {
      name: 'no-deep-imports',
      comment: 'Use a workspace package only through its public entry (`@datadrill/x` → src/index.ts).',
      severity: 'error',
      from: { path: '^(packages/[^/]+/|apps/|bench/|test/)' },
      to: { path: ['^packages/[^/]+/', '^@datadrill/[^/]+/.'], pathNot: ['^$1', '^packages/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'no-app-to-app',
      comment: 'Apps are deployed separately: anything two apps share belongs in a package, not in the other app.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: ['^apps/', '^@datadrill/(ingress|worker|simulator|insights)(/|$)'], pathNot: '^apps/$1/' },
    },
    {
      name: 'packages-not-to-apps',
      comment: 'Packages sit below the apps; a package importing an app inverts the layering.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: ['^apps/', '^@datadrill/(ingress|worker|simulator|insights)(/|$)'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import the cruiser cannot resolve is an edge no rule above can check (and usually a broken import).',
      severity: 'error',
      from: { path: '^(apps|packages|bench|test)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Record third-party and built-in modules as edges, but do not cruise into them.
    doNotFollow: { path: 'node_modules' },
    // Build output and static assets of our own dirs only (a bare `dist/` would also drop edges to npm packages).
    exclude: { path: ['^(apps|packages)/[^/]+/(dist|public)/', '^(bench|test)/(dist|public)/'] },
    // Keep imports that vanish on compilation (`import type`, type-only re-exports): they count for cycles.
    tsPreCompilationDeps: true,
    // Resolve like tsc does (NodeNext: `./x.js` → x.ts); tsconfig.json extends tsconfig.base.json.
    tsConfig: { fileName: 'tsconfig.json' },
    // Follow pnpm's workspace symlinks to the real files so `@datadrill/core` is packages/core/src/index.ts.
    preserveSymlinks: false,
    enhancedResolveOptions: {
      // Honour package.json "exports" (ours map "." to ./src/index.ts) with Node's and TypeScript's conditions.
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
