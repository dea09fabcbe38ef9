# syntax=docker/dockerfile:1
# One multi-stage file, a target per image:
#   docker build --target operator -t airwave/operator:0.1.0 .   (the tag is the chart's appVersion, its default image)
#   docker build --target webhook -t airwave/webhook:0.1.0 .
#   docker build --target signaling -t airwave/signaling:0.1.0 .
#   docker build --target sfu -t airwave/sfu:0.1.0 .
#   docker build --target connector -t airwave/connector:0.1.0 .
#   docker build --target transcoder -t airwave/transcoder:0.1.0 .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
# The native toolchain the programs' ahead-of-time compilation links with.
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY crds/ crds/
COPY libraries/ libraries/
COPY operator/ operator/
COPY webhook/ webhook/
COPY signaling/ signaling/
COPY sfu/ sfu/
COPY connector/ connector/
# Every program is compiled ahead of time to native code: no .NET runtime in the images, full speed from the first
# request.
RUN dotnet publish operator/Airwave.Operator/Airwave.Operator.csproj -c Release -p:PublishAot=true --use-current-runtime -o /out/operator \
 && dotnet publish sfu/Airwave.Sfu/Airwave.Sfu.csproj -c Release -p:PublishAot=true --use-current-runtime -o /out/sfu \
 && dotnet publish connector/Airwave.Connector/Airwave.Connector.csproj -c Release -p:PublishAot=true --use-current-runtime -o /out/connector \
 && dotnet publish operator/Airwave.Transcoder/Airwave.Transcoder.csproj -c Release -p:PublishAot=true --use-current-runtime -o /out/transcoder \
 && dotnet publish webhook/Airwave.Webhook/Airwave.Webhook.csproj -c Release -p:PublishAot=true --use-current-runtime -o /out/webhook \
 && dotnet publish signaling/Airwave.Signaling/Airwave.Signaling.csproj -c Release -p:PublishAot=true --use-current-runtime -o /out/signaling

# The operator: reconcilers, probes (/healthz, /readyz) and /metrics on port 8080. Native code compiled ahead of time,
# so a new replica (a failover, a rollout) reconciles at full speed from its first second; the image holds no .NET
# runtime, only the libraries it links (runtime-deps), and opens no diagnostics socket.
FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS operator
LABEL org.opencontainers.image.title="airwave-operator" \
      org.opencontainers.image.description="Airwave: a Kubernetes operator for live video on AWS"
WORKDIR /app
COPY --from=build /out/operator/airwave-operator ./
EXPOSE 8080
# The .NET images ship the unprivileged "app" user (UID 1654).
USER 1654
ENTRYPOINT ["/app/airwave-operator", "run"]

# The webhook service: provider callbacks (POST /callbacks/mux) on port 8080, the only port to expose publicly;
# /healthz, /readyz and /metrics on port 9090, for the cluster only. Native code on runtime-deps, like the operator.
FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS webhook
LABEL org.opencontainers.image.title="airwave-webhook" \
      org.opencontainers.image.description="Airwave: provider callbacks for VideoAssets"
WORKDIR /app
COPY --from=build /out/webhook/airwave-webhook ./
EXPOSE 8080 9090
USER 1654
ENTRYPOINT ["/app/airwave-webhook"]

# The signaling service: the embed script, the pages' WebSocket and the site API on port 8080, the one port to expose
# publicly; the admin API, /healthz, /readyz and /metrics on port 9090, for the cluster only. SQLite's file goes in
# /var/lib/airwave-signaling (a volume). Native code on runtime-deps, beside the SQLite library it loads.
FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS signaling
LABEL org.opencontainers.image.title="airwave-signaling" \
      org.opencontainers.image.description="Airwave: signaling for browser broadcasting on any website"
WORKDIR /app
COPY --from=build /out/signaling/airwave-signaling /out/signaling/libe_sqlite3.so ./
EXPOSE 8080 9090
USER 1654
ENTRYPOINT ["/app/airwave-signaling"]

# An SFU pod: the media engine (Janus with its VideoRoom plugin, from the distribution's package), a TURN server
# (coturn) and, for a stream that is recorded, ffmpeg pushing the publisher's media into its MediaLive input, run by
# airwave-sfu, which renders their configuration from the pod's environment. WHIP and WHEP on port 8088 (for the
# signaling service, inside the cluster), /healthz, /readyz and /metrics on port 9090, media on UDP 3478 (the TURN
# server, relaying to the engine inside the pod); the engine's own APIs stay on 127.0.0.1. airwave-sfu is native code
# compiled ahead of time: ready in about half the time, at a sixth of the CPU, beside an engine it leaves the core to.
FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS sfu
LABEL org.opencontainers.image.title="airwave-sfu" \
      org.opencontainers.image.description="Airwave: a media server pod for one broadcaster and many viewers"
RUN apt-get update \
 && apt-get install -y --no-install-recommends janus coturn ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/sfu/airwave-sfu ./
EXPOSE 8088 9090 3478/udp
USER 1654
ENTRYPOINT ["/app/airwave-sfu"]

# A meeting connector pod: Chromium opens the meeting page full screen on a virtual display (Xvfb) and plays its sound
# to a sound server of the pod's own (PulseAudio); ffmpeg grabs both and pushes them over RTMP(S), all run by
# airwave-connector, native code compiled ahead of time. /healthz and /readyz (the meeting's media flows) on port 8080.
FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS connector
LABEL org.opencontainers.image.title="airwave-connector" \
      org.opencontainers.image.description="Airwave: joins a meeting page and pushes it into a live stream"
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium xvfb pulseaudio ffmpeg fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/connector/airwave-connector ./
EXPOSE 8080
USER 1654
ENTRYPOINT ["/app/airwave-connector"]

# A VideoAsset's transcode Job (provider Aws): fetches the source, makes an HLS ladder and stills with ffmpeg and
# stores them by presigned URLs; it listens on no port and holds no cloud credentials. airwave-transcoder is native code
# compiled ahead of time: a Job starts a new process for every video.
FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION} AS transcoder
LABEL org.opencontainers.image.title="airwave-transcoder" \
      org.opencontainers.image.description="Airwave: transcodes a video into HLS for on-demand playback"
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/transcoder/airwave-transcoder ./
USER 1654
ENTRYPOINT ["/app/airwave-transcoder"]
