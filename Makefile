# The two entry points the README names; both install what a fresh Debian
# machine lacks (as root) before doing anything else.
GO ?= go

.PHONY: deps build corpus test

deps:
	@bash scripts/deps.sh

build: deps
	$(GO) build -o bpfcheck ./cmd/bpfcheck

# The main job: bpfcheck over the bundled corpus.
corpus: build
	@bash scripts/corpus.sh ./bpfcheck

# The tests: unit, golden, differential and the conformance suite when ../shared exists.
test: build
	$(GO) vet ./...
	$(GO) test ./...
	$(GO) test ./ir/object -run '^$$' -fuzz FuzzLoad -fuzztime 15s
	@bash scripts/conformance.sh ./bpfcheck
