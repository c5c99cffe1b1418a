# Vigil's container image: `vigil` built in release with the Swift standard library and Foundation linked
# in statically, on a slim Debian with only the shared libraries and data the binary still uses.
#
#   docker build -t registry.homelab.example/vigil:0.1.0 .
#
# examples/kubernetes runs it. The build stage is the official Swift image of the Debian release the
# runtime stage uses, so the binary and the runtime agree on glibc.
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
WORKDIR /src
# The whole package (manifest, Sources, Tests, Benchmarks): SwiftPM checks every target's folder exists
# even when it builds one product. .dockerignore keeps build folders and worktrees out.
COPY . .
# The Swift image already has libsqlite3-dev, which GRDB builds against.
RUN swift build -c release --static-swift-stdlib --product vigil \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/vigil" /out/vigil

FROM ${RUNTIME_IMAGE}
# What the binary still needs from the system besides the Swift runtime linked into it (the libraries
# `ldd` lists for a release build, and the files it reads):
#   libsqlite3-0     GRDB links the system SQLite (router.sqlite: silences, notification log, history)
#   ca-certificates  TLS to receivers and datasources over https (SwiftNIO SSL reads the system roots)
# libstdc++6, libgcc-s1, zlib1g and glibc are in the slim image already. No tzdata: time zone names
# (time_intervals' `location`) come from the ICU data inside Foundation.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 vigil \
    && useradd --system --uid 10001 --gid vigil --home-dir /var/lib/vigil --no-create-home --shell /usr/sbin/nologin vigil \
    && install -d -o vigil -g vigil -m 0750 /var/lib/vigil \
    && install -d -m 0755 /etc/vigil
COPY --from=build /out/vigil /usr/local/bin/vigil
# Numeric, so Kubernetes' runAsNonRoot can check it without looking the name up.
USER 10001:10001
WORKDIR /var/lib/vigil
# Vigil's default port (web.listen_address 0.0.0.0:9096): APIs, /-/healthy, /-/ready, /metrics.
EXPOSE 9096
ENTRYPOINT ["/usr/local/bin/vigil"]
CMD ["run", "--config", "/etc/vigil/vigil.yml", "--storage.path", "/var/lib/vigil"]
