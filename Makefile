# rapor: static transparency-report generator.
#
#   make          build ./rapor
#   make site     install missing Debian packages, build, generate output/ from content/
#   make test     install missing packages, build with sanitizers, run every test
#   make golden   regenerate the expected trees of the golden tests after a deliberate change
#
# Flags come from pkg-config; libcsv ships no .pc file, so it is linked as -lcsv.

CC       ?= cc
PKG      := libcmark cairo pangocairo pangoft2 fontconfig
PKG_TEST := cmocka jansson

# Debian packages: what the build needs, and what the tests need on top.
DEB_BUILD := gcc make pkg-config libcsv-dev libcmark-dev \
	libcairo2-dev libpango1.0-dev libfontconfig-dev fonts-noto-core
DEB_TEST  := libcmocka-dev libjansson-dev valgrind chromium

WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wvla -D_POSIX_C_SOURCE=200809L
CFLAGS   ?= -O2 -g
PKGCFLAGS = $(shell pkg-config --cflags $(PKG) 2>/dev/null)
PKGLIBS   = $(shell pkg-config --libs $(PKG) 2>/dev/null) -lcsv -lm
TESTCFLAGS = $(shell pkg-config --cflags $(PKG_TEST) 2>/dev/null)
TESTLIBS   = $(shell pkg-config --libs $(PKG_TEST) 2>/dev/null)
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC      := $(wildcard src/*.c)
LIBSRC   := $(filter-out src/main.c,$(SRC))
HDR      := $(wildcard include/*.h src/*.h)
TESTSRC  := $(wildcard tests/test_*.c)

REL_OBJ  := $(LIBSRC:src/%.c=build/rel/%.o)
SAN_OBJ  := $(LIBSRC:src/%.c=build/san/%.o)
TESTBIN  := $(TESTSRC:tests/%.c=build/san/%)

.PHONY: all site test check-tests golden deps deps-build deps-test clean

all: rapor

build/rel/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(WARN) $(CFLAGS) -Iinclude $(PKGCFLAGS) -c -o $@ $<

build/san/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(WARN) -O1 -g $(SAN) -Iinclude $(PKGCFLAGS) -c -o $@ $<

rapor: build/rel/main.o $(REL_OBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(PKGLIBS)

# The sanitizer build of the program, used by the command-line tests.
build/san/rapor: build/san/main.o $(SAN_OBJ)
	$(CC) -g $(SAN) -o $@ $^ $(PKGLIBS)

build/san/test_%: tests/test_%.c $(SAN_OBJ) $(wildcard tests/*.h)
	@echo "  CCLD    $@"
	@$(CC) $(WARN) -O1 -g $(SAN) -Iinclude -Itests $(PKGCFLAGS) $(TESTCFLAGS) \
		-o $@ $< $(SAN_OBJ) $(PKGLIBS) $(TESTLIBS)

deps-build:
	@sh tests/deps.sh $(DEB_BUILD)

deps-test:
	@sh tests/deps.sh $(DEB_BUILD) $(DEB_TEST)

deps: deps-test

site: deps-build
	@$(MAKE) --no-print-directory rapor
	./rapor build -C content -t templates -o output

test: deps-test
	@$(MAKE) --no-print-directory check-tests

check-tests: rapor build/san/rapor $(TESTBIN)
	@sh tests/run.sh $(TESTBIN)

golden: rapor build/san/test_chart
	@sh tests/golden.test.sh --update
	@RAPOR_UPDATE_GOLDEN=1 build/san/test_chart >/dev/null && echo "golden charts rewritten: review 'git diff --stat tests/golden-charts'"

clean:
	rm -rf build rapor

# Fuzzing (docs/fuzzing.md).  Each tests/fuzz/fuzz_NAME.c is a libFuzzer
# target, built with Debian's clang for `make fuzz`, which runs each one
# for FUZZ_SECONDS on its corpus tests/fuzz/NAME/.  make test needs no
# clang: it builds the same harnesses with $(CC), the sanitizers and
# tests/fuzz/replay.c, and replays every corpus (tests/fuzz.test.sh).
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# A render that runs into the real step limit is too slow under the
# fuzzer's instrumentation to fuzz (docs/fuzzing.md); this one is not.
FUZZ_DEFS    := -DTPL_MAX_STEPS=100000ul
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN     := $(FUZZ_NAMES:%=build/fuzz/fuzz_%)
FUZZ_REPLAY  := $(FUZZ_NAMES:%=build/san/replay_%)
FUZZ_OBJ     := $(LIBSRC:src/%.c=build/fuzz/%.o)
FUZZ_DEP     := tests/fuzz/harness.c $(wildcard tests/fuzz/*.h) $(HDR)

.PHONY: fuzz fuzz-build
.SECONDARY: $(FUZZ_OBJ)

build/fuzz/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(WARN) -O1 -g $(FUZZ_SAN) $(FUZZ_DEFS) -fsanitize=fuzzer-no-link -Iinclude $(PKGCFLAGS) -c -o $@ $<

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEP) $(FUZZ_OBJ)
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(WARN) -O1 -g $(FUZZ_SAN) $(FUZZ_DEFS) -fsanitize=fuzzer -Iinclude $(PKGCFLAGS) \
		-o $@ $< tests/fuzz/harness.c $(FUZZ_OBJ) $(PKGLIBS)

build/san/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_DEP) $(SAN_OBJ)
	@echo "  CCLD    $@"
	@$(CC) $(WARN) -O1 -g $(SAN) -Iinclude $(PKGCFLAGS) \
		-o $@ $< tests/fuzz/harness.c tests/fuzz/replay.c $(SAN_OBJ) $(PKGLIBS)

check-tests: $(FUZZ_REPLAY)

fuzz-build: deps-build
	@sh tests/deps.sh clang-14 libclang-rt-14-dev
	@$(MAKE) --no-print-directory $(FUZZ_BIN)

fuzz: fuzz-build
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)
