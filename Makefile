# spgen — see README.md. Everything reads Amazon's inputs in place from ../shared.
GO     ?= go
SHARED ?= ../shared

.PHONY: all generate generate-spapi generate-messaging generate-mwsxml generate-schemas test check fmt-check vet bench conformance

all: generate

## generate: regenerate everything from $(SHARED)
generate: generate-spapi generate-messaging generate-mwsxml generate-schemas

generate-spapi:
	$(GO) run ./cmd/gen spapi -in $(SHARED)/models/spapi -out generated -lock models/spapi.lock.json -prune -q

generate-messaging:
	$(GO) run ./cmd/gen messaging -in $(SHARED)/fixtures/messaging/getMessagingActionsForOrder.json -package messagingactions -out generated/messagingactions
	$(GO) run ./cmd/gen messaging -in internal/messaginggen/testdata/kitchensink.json -package kitchensink -out internal/messaginggen/kitchensink

generate-mwsxml:
	$(GO) run ./cmd/gen mwsxml -xsd $(SHARED)/xsd/mws -out mwsxml

generate-schemas:
	$(GO) run ./cmd/gen schemas -in $(SHARED)/models/schemas -out generated/schemas
	$(GO) run ./cmd/gen schemas -in internal/messaginggen/testdata/schemas07 -out internal/messaginggen/kitchensink07 -import github.com/spgen/spgen/internal/messaginggen/kitchensink07

## test: every test (goldens, runtime with -race, conformance)
test:
	$(GO) build ./...
	$(GO) test ./...
	$(GO) test -race ./spapi/... ./spapitest/... ./internal/... ./cmd/...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## check: regenerate, require no diff, gofmt, vet, tests
check: generate
	git diff --exit-code
	@test -z "$$(git status --porcelain generated mwsxml)" || { git status --porcelain generated mwsxml; exit 1; }
	$(MAKE) fmt-check vet test

## conformance: replay every x-amzn-api-sandbox case through the generated clients, write CONFORMANCE.md
conformance:
	$(GO) run ./internal/conformance/cmd/conformance -models $(SHARED)/models/spapi -out CONFORMANCE.md

## bench: benchmarks, each printed as a ratio against the baseline it names
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/... ./spapi/... ./spapitest/... ./mwsxml/...
