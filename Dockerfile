# One image for every process; docker-compose picks the command (ingress, worker, migrate).
FROM node:20-bookworm-slim
# tini is PID 1: it reaps zombies and passes SIGTERM on to node, which is the container's process.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/* \
  && npm install -g pnpm@10.34.9 && mkdir /app && chown node:node /app
WORKDIR /app
USER node
# The dependencies come from the lockfile alone (no hand-kept list of workspace manifests), so this
# layer is cached until the lockfile changes; the install below then needs no network.
COPY --chown=node:node pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch --frozen-lockfile
COPY --chown=node:node . .
RUN pnpm install --offline --frozen-lockfile
ENV NODE_ENV=production
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# node itself, not pnpm: pnpm does not pass SIGTERM on, so a stop would never reach the app.
CMD ["node", "--import", "tsx", "apps/ingress/src/main.ts"]
