# syntax=docker/dockerfile:1
# One image for the four apps and the setup one-shot; the command picks what runs, e.g.
#   node dist/apps/config-service/src/main.js
#   sh -c "node scripts/dev-credentials.mjs /var/lib/flotta-edge && node_modules/.bin/typeorm migration:run -d dist/libs/database/src/data-source.js && node dist/libs/kafka/src/cli/create-topics.js"
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Install scripts stay off: no build step needs one, and package.json's allowScripts denies @scarf/scarf's.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The compose setup one-shot's first-start credentials (docker-compose.yml).
COPY scripts/token-file.mjs scripts/dev-credentials.mjs ./scripts/
# A named volume mounted here starts with this directory's owner, so the non-root apps can write and read it.
RUN mkdir -p /var/lib/flotta-edge && chown 1000:1000 /var/lib/flotta-edge
# Numeric uid of the image's `node` user, so Kubernetes can verify runAsNonRoot.
USER 1000:1000
# HTTP: gateway 8080, config-service 8081, registration-worker 8082, heartbeat-worker 8083; config-service TCP 8091.
EXPOSE 8080 8081 8082 8083 8091
CMD ["node", "dist/apps/gateway/src/main.js"]
