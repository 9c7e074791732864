# Build stage: install everything, generate the Prisma client, compile.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# Runtime stage: the compiled service, production dependencies and the migrations it applies.
FROM node:24-bookworm-slim
ENV NODE_ENV=production
# Two malloc arenas, not one per thread (see README, Memory): part of `npm run start:prod` too.
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/templates ./templates
COPY package.json ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD node -e "fetch('http://127.0.0.1:3000/api/v1/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# The flags and the bundle of `npm run start:prod` (see README, Memory).
CMD ["node", "--max-semi-space-size=8", "dist/parley-api.js"]
