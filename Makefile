# The two entry points the README names; both install what a fresh Debian
# machine lacks (as root) before doing anything else.
GO ?= go

.PHONY: deps build corpus test fuzz soundness limits

# Budgets: make fuzz FUZZTIME=10m; make soundness N=1000000 SEED=1 J=1.
FUZZTIME ?= 1m
MINTIME ?= 10s
N ?= 100000
SEED ?= 1
J ?= 1

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
	$(GO) test ./ir/object -run '^$$' -fuzz FuzzLoad -fuzztime 2000x -fuzzminimizetime 5s
	# The race detector over every package but corpus (which takes over ten minutes under
	# -race on 2 cores); exec's and jit's concurrent-run tests are in it.
	$(GO) test -race $$($(GO) list ./... | grep -v '/corpus$$')
	@bash scripts/conformance.sh ./bpfcheck
	@FUZZTIME=500x MINTIME=5s GO=$(GO) bash scripts/fuzz.sh

# Every fuzz target for FUZZTIME each, one after the other on one worker.
fuzz: deps
	@FUZZTIME=$(FUZZTIME) MINTIME=$(MINTIME) GO=$(GO) bash scripts/fuzz.sh

# Every worst-case program in every profile, the slow ones too (minutes).
limits: deps
	$(GO) test ./internal/limits -run WorstCases -v -worstcase.full -timeout 30m

# The soundness checker: N generated programs from SEED in every profile,
# each accepted one run on both engines (docs/soundness.md).
soundness: deps
	$(GO) run ./internal/soundness/cmd/soundness -n $(N) -seed $(SEED) -j $(J) -progress 100000
