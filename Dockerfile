# Build: the release binary, linked against libpq for PostgreSQL (SQLite is bundled).
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY .cargo .cargo
COPY src src
COPY migrations migrations
RUN cargo build --release --locked && strip target/release/cluster2cluster

# Run: a small Debian with libpq, as an unprivileged user.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /var/lib/c2c --create-home c2c
COPY --from=build /src/target/release/cluster2cluster /usr/local/bin/cluster2cluster
USER c2c
WORKDIR /var/lib/c2c
ENV C2C_BIND=0.0.0.0:8080 C2C_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["cluster2cluster"]
CMD ["serve"]
