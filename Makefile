# spgen — see README.md. Everything reads Amazon's inputs in place from ../shared.
GO     ?= go
SHARED ?= ../shared

# spgen is several modules (go.work): the runtime and generated code (.), and
# the generator (cmd/gen and the generator packages), whose libraries stay out
# of users' builds. ./... alone names the root module's packages only.
GEN_MODULES := ./cmd/gen ./internal/spapigen ./internal/messaginggen ./internal/mwsxmlgen
PKGS        := ./... $(addsuffix /...,$(GEN_MODULES))

.PHONY: all generate generate-spapi generate-messaging generate-mwsxml generate-schemas test test-tools check fmt-check vet bench conformance

all: generate

## generate: regenerate everything from $(SHARED)
generate: generate-spapi generate-messaging generate-mwsxml generate-schemas

generate-spapi:
	$(GO) run ./cmd/gen spapi -in $(SHARED)/models/spapi -out generated -ratelimits $(SHARED)/models/ratelimits/rate-limits.yml -lock models/spapi.lock.json -prune -q

generate-messaging:
	$(GO) run ./cmd/gen messaging -in $(SHARED)/fixtures/messaging/getMessagingActionsForOrder.json -package messagingactions -out generated/messagingactions
	$(GO) run ./cmd/gen messaging -in internal/messaginggen/testdata/kitchensink.json -package kitchensink -out internal/messaginggen/kitchensink

generate-mwsxml:
	$(GO) run ./cmd/gen mwsxml -xsd $(SHARED)/xsd/mws -out mwsxml

generate-schemas:
	$(GO) run ./cmd/gen schemas -in $(SHARED)/models/schemas -out generated/schemas
	$(GO) run ./cmd/gen schemas -in internal/messaginggen/testdata/schemas07 -out internal/messaginggen/kitchensink07 -import github.com/spgen/spgen/internal/messaginggen/kitchensink07

## test-tools: the programs the tests use as oracles and services (xmllint, redis-server); installed with
## apt-get when missing and run as root, else make stops at once naming the Debian packages to install
TEST_TOOLS := xmllint:libxml2-utils redis-server:redis-server
test-tools:
	@missing=""; for t in $(TEST_TOOLS); do command -v "$${t%%:*}" >/dev/null 2>&1 || missing="$$missing $${t#*:}"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make test-tools: installing$$missing with apt-get"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
			{ echo "make test-tools: apt-get could not install$$missing" >&2; exit 1; }; \
	else \
		echo "make test: missing$$missing (Debian packages: apt-get install$$missing); xmllint is the XSD oracle of the mwsxml tests, redis-server backs the shared limiter and token cache tests" >&2; \
		exit 1; \
	fi

## test: every test (goldens, runtime with -race, conformance); installs the test tools first
test: test-tools
	$(GO) build $(PKGS)
	$(GO) test $(PKGS)
	$(GO) test -race ./spapi/... ./spapitest/... ./internal/... ./cmd/gen/... ./internal/spapigen/...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

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
	$(GO) test -run '^$$' -bench . -benchmem ./internal/... ./internal/spapigen/... ./internal/messaginggen/... ./internal/mwsxmlgen/... ./spapi/... ./spapitest/... ./mwsxml/...
