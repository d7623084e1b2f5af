# The drumbeat binary (api, worker, migrate, seed) for docker-compose.yml
# and deploy/kubernetes/. Build with --build-arg VERSION=v1.2.3 to name the
# release that `drumbeat --version` prints.
FROM golang:1.26 AS build
ARG VERSION=dev
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -ldflags "-X main.version=${VERSION}" -o /drumbeat ./cmd/drumbeat

# nonroot: uid 65532, as the Kubernetes manifests require.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /drumbeat /drumbeat
ENTRYPOINT ["/drumbeat"]
