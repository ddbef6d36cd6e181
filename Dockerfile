# One image for every process; docker-compose picks the command (ingress, worker, insights, migrate).
# Stages: `dev` installs every dependency and compiles the apps (`pnpm build`; compose's dev profile
# runs this stage under tsx); `prune` drops the development dependencies; the final stage holds only
# the bundles, the production node_modules and the challenge library, and runs node on the bundles.
FROM node:20-bookworm-slim AS base
# tini is PID 1: it reaps zombies and passes SIGTERM on to node, which is the container's process.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/* \
  && mkdir /app && chown node:node /app
WORKDIR /app
ENTRYPOINT ["/usr/bin/tini", "--"]

FROM base AS dev
# /app/prod is the prune stage's; made here, as root, because WORKDIR would create it owned by root.
RUN npm install -g pnpm@10.34.9 && install -d -o node -g node /app/prod
USER node
# The dependencies come from the lockfile alone (no hand-kept list of workspace manifests), so this
# layer is cached until the lockfile changes; the install below then needs no network.
COPY --chown=node:node pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch --frozen-lockfile
COPY --chown=node:node . .
RUN pnpm install --offline --frozen-lockfile
RUN pnpm build

FROM dev AS prune
# A fresh install of the three apps' production dependencies (no tsx, TypeScript, esbuild, Vitest,
# nor the test and bench packages' own), from the store the dev stage fetched. It needs only the
# manifests: each app's package.json lists every npm package its bundle imports (pnpm build checks);
# the workspace packages are bundled, their manifests only complete the workspace graph.
WORKDIR /app/prod
COPY --chown=node:node pnpm-lock.yaml pnpm-workspace.yaml .npmrc package.json ./
COPY --chown=node:node apps/ingress/package.json ./apps/ingress/
COPY --chown=node:node apps/worker/package.json ./apps/worker/
COPY --chown=node:node apps/insights/package.json ./apps/insights/
COPY --chown=node:node packages/core/package.json ./packages/core/
COPY --chown=node:node packages/ops/package.json ./packages/ops/
COPY --chown=node:node packages/figures/package.json ./packages/figures/
RUN pnpm install --offline --frozen-lockfile --prod --filter @datadrill/ingress --filter @datadrill/worker --filter @datadrill/insights

FROM base
ENV NODE_ENV=production
COPY --from=prune /app/prod/package.json ./
COPY --from=prune /app/prod/node_modules ./node_modules
COPY --from=prune /app/prod/apps/ingress/package.json ./apps/ingress/
COPY --from=prune /app/prod/apps/ingress/node_modules ./apps/ingress/node_modules
COPY --from=prune /app/apps/ingress/dist ./apps/ingress/dist
COPY --from=prune /app/prod/apps/worker/package.json ./apps/worker/
COPY --from=prune /app/prod/apps/worker/node_modules ./apps/worker/node_modules
COPY --from=prune /app/apps/worker/dist ./apps/worker/dist
COPY --from=prune /app/prod/apps/insights/package.json ./apps/insights/
COPY --from=prune /app/prod/apps/insights/node_modules ./apps/insights/node_modules
COPY --from=prune /app/apps/insights/dist ./apps/insights/dist
# The library is read at run time (challenges:sync, and the dashboard's links to each file).
COPY --from=prune /app/challenges ./challenges
# Root owns the files, so the app cannot rewrite its own code; it runs as the unprivileged node user.
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself, not pnpm: pnpm does not pass SIGTERM on, so a stop would never reach the app.
CMD ["node", "--enable-source-maps", "apps/ingress/dist/main.js"]
