# syntax=docker/dockerfile:1
# One multi-stage file, a target per image:
#   docker build --target operator -t airwave/operator .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY crds/ crds/
COPY operator/ operator/
RUN dotnet publish operator/Airwave.Operator/Airwave.Operator.csproj -c Release -o /out/operator

FROM mcr.microsoft.com/dotnet/runtime:${DOTNET_VERSION} AS operator
LABEL org.opencontainers.image.title="airwave-operator" \
      org.opencontainers.image.description="Airwave: a Kubernetes operator for live video on AWS"
WORKDIR /app
COPY --from=build /out/operator ./
# The .NET images ship the unprivileged "app" user (UID 1654); nothing here needs a writable root filesystem.
USER app
ENTRYPOINT ["dotnet", "airwave-operator.dll"]
