# syntax=docker/dockerfile:1.7
#
# One image per service, from one Dockerfile:
#   docker build --build-arg SERVICE=endpoint-registry -t bakuun-webhooks-endpoint-registry .
# (skaffold.yaml builds all of them). SERVICE names a folder of services/.
#
# Stages:
#   manifests  package.json files and the lock only, so the dependency layers below are
#              reused until a manifest changes, whatever source changed
#   build      every dependency, swc compiles libs/ and services/ to dist/ (scripts/build),
#              then only the libraries and this service are kept
#   prod-deps  runtime dependencies only (npm ci --omit=dev)
#   runtime    distroless Node 20: no shell, no package manager; files owned by root and
#              read-only to the service's uid 10001, so a read-only root filesystem changes
#              nothing (Node writes nowhere but /tmp, an emptyDir in the chart)
#
# Pin both base images by digest in your registry mirror for reproducible builds
# (--build-arg BUILD_IMAGE=...@sha256:..., RUNTIME_IMAGE=...@sha256:...). They must share a
# libc (glibc, Debian 12), because @node-rs/argon2's native binary is chosen at `npm ci`.

ARG BUILD_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12

FROM ${BUILD_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /manifests \
 && cp package.json package-lock.json /manifests/ \
 && find libs services -mindepth 2 -maxdepth 2 -name package.json -exec cp --parents {} /manifests/ \;

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY --from=manifests /manifests/ ./
# Install scripts stay off: the native parts (@swc/core, @node-rs/argon2) ship as prebuilt
# optional packages, and nothing else needs a script to build.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=warn
COPY .swcrc tsconfig.base.json ./
COPY scripts/build scripts/build
COPY libs libs
COPY services services
RUN scripts/build
ARG SERVICE
RUN test -n "${SERVICE}" && test -f "dist/services/${SERVICE}/src/main.js" \
    || { echo "--build-arg SERVICE must name a service with services/<SERVICE>/src/main.ts, got '${SERVICE}'" >&2; exit 1; }
# The libraries (compiled imports are relative: ../../../libs/...) and this service only.
RUN mkdir -p /out/dist/services \
 && cp -a dist/libs /out/dist/libs \
 && cp -a "dist/services/${SERVICE}" "/out/dist/services/${SERVICE}" \
 && rm -rf "/out/dist/services/${SERVICE}/bench" \
 && ln -s "dist/services/${SERVICE}/src/main.js" /out/main.js

FROM ${BUILD_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
# node_modules/@bakuun/* are links to the workspace sources, which the image does not hold:
# the compiled code imports the libraries by relative path instead.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=warn \
 && rm -rf node_modules/@bakuun node_modules/.bin

FROM ${RUNTIME_IMAGE} AS runtime
ARG SERVICE
LABEL org.opencontainers.image.title="bakuun-webhooks-${SERVICE}" \
      org.opencontainers.image.description="Bakuun Webhooks ${SERVICE} service" \
      org.opencontainers.image.vendor="Bakuun"
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=prod-deps --chown=0:0 /app/package.json ./package.json
COPY --from=prod-deps --chown=0:0 /app/node_modules ./node_modules
COPY --from=build --chown=0:0 /out/ ./
# The gRPC transport loads the .proto sources at run time from the nearest proto/ holding
# buf.yaml above the compiled code: /app/proto.
COPY --chown=0:0 proto/buf.yaml proto/buf.yaml
COPY --chown=0:0 proto/bakuun proto/bakuun
USER 10001:10001
# The base image's entrypoint is node (/nodejs/bin/node); main.js links to
# dist/services/${SERVICE}/src/main.js, i.e. `node dist/services/<name>/src/main.js`.
CMD ["main.js"]
