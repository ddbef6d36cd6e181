# One image for every process; docker-compose picks the command (ingress, worker, migrate).
FROM node:20-bookworm-slim
WORKDIR /app
RUN npm install -g pnpm@10 && chown node:node /app
USER node
COPY --chown=node:node package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
COPY --chown=node:node apps/ingress/package.json apps/ingress/
COPY --chown=node:node apps/worker/package.json apps/worker/
COPY --chown=node:node apps/simulator/package.json apps/simulator/
COPY --chown=node:node packages/core/package.json packages/core/
COPY --chown=node:node packages/fake-twilio/package.json packages/fake-twilio/
COPY --chown=node:node test/package.json test/
RUN pnpm install --frozen-lockfile
COPY --chown=node:node . .
ENV NODE_ENV=production
CMD ["pnpm", "start:ingress"]
