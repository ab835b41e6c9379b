# rapor: static transparency-report generator.
#
#   make          build ./rapor
#   make site     install missing Debian packages, build, generate output/ from content/
#   make test     install missing packages, build with sanitizers, run every test
#   make check    every test but the browser suite, for a quick loop (installs nothing)
#   make test-update [CASE=name]  rewrite the expectations of tests/cases
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
# The test build can fail its Nth allocation on request (src/xalloc.c).
SANDEF   := -DRAPOR_FAULT_INJECTION

SRC      := $(wildcard src/*.c)
LIBSRC   := $(filter-out src/main.c,$(SRC))
HDR      := $(wildcard include/*.h src/*.h)
TESTSRC  := $(wildcard tests/test_*.c)

REL_OBJ  := $(LIBSRC:src/%.c=build/rel/%.o)
SAN_OBJ  := $(LIBSRC:src/%.c=build/san/%.o)
TESTBIN  := $(TESTSRC:tests/%.c=build/san/%)

.PHONY: all site test check check-tests test-update golden deps deps-build deps-test clean

all: rapor

build/rel/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(WARN) $(CFLAGS) -Iinclude $(PKGCFLAGS) -c -o $@ $<

build/san/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(WARN) -O1 -g $(SAN) $(SANDEF) -Iinclude $(PKGCFLAGS) -c -o $@ $<

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

# I/O fault injection for the fault and crash tests (LD_PRELOAD).
build/fault-shim.so: tests/fault/shim.c
	@mkdir -p $(@D)
	@$(CC) -shared -fPIC -O1 -Wall -Wextra -o $@ $< -ldl

check-tests: rapor build/san/rapor build/fault-shim.so $(TESTBIN)
	@sh tests/run.sh $(TESTBIN)

check: rapor build/san/rapor $(TESTBIN)
	@sh tests/run.sh --skip browser $(TESTBIN)

# Rewrite the stderr, status and expected files of every case of tests/cases,
# or of CASE only; review them with git diff.
test-update: build/san/rapor
	@sh tests/cases.test.sh --update $(CASE)

golden: rapor build/san/test_chart
	@sh tests/golden.test.sh --update
	@RAPOR_UPDATE_GOLDEN=1 build/san/test_chart >/dev/null && echo "golden charts rewritten: review 'git diff --stat tests/golden-charts'"

clean:
	rm -rf build rapor
