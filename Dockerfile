# The drumbeat binary (api, worker, migrate, seed) for docker-compose.yml.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /drumbeat ./cmd/drumbeat

FROM gcr.io/distroless/static-debian12
COPY --from=build /drumbeat /drumbeat
ENTRYPOINT ["/drumbeat"]
