# Makefile for "Neural Networks from Scratch, in Literate C".
#
# Everything flows one way:  book/*.nw --tangle--> tangled/, tests/, figures/
#   --cc--> libnn.a, programs --run--> data --gnuplot--> figures --pdflatex--> PDF.
# The list of tangled files is derived from the book (noroots, in tools/tangle),
# never written here.  `make help` lists the targets.

SHELL := /bin/bash
# `make -n` (a dry run) must write nothing, not even the tangled files: see
# "Tangling" below.  The test looks at the single-letter flags only, before
# the line below adds a long option to MAKEFLAGS.
DRY_RUN := $(findstring n,$(firstword -$(MAKEFLAGS)))
.DELETE_ON_ERROR:
.SECONDARY:
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules
.DEFAULT_GOAL := all

# BLAS=openblas builds everything against OpenBLAS's CBLAS instead of the
# book's own GEMM (the chapter on fast GEMM), in a build folder of its own.
ifneq ($(filter-out openblas,$(BLAS)),)
  $(error BLAS=$(BLAS): the only choice is BLAS=openblas (or no BLAS: the book's GEMM))
endif
B         := build$(if $(BLAS),-$(BLAS))
# Reproducible outputs: cairo (figures) and pdfTeX stamp the last commit's date,
# not the clock, so two builds of one commit give identical files.
export SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export FORCE_SOURCE_DATE := 1
# cairo 1.16 ignores SOURCE_DATE_EPOCH: the figure rule stamps the date itself.
PDF_DATE := $(shell date -u -d @$(SOURCE_DATE_EPOCH) +%Y%m%d%H%M%S)
NW        := $(sort $(wildcard book/*.nw))
MNIST_DIR ?= data/mnist
MNIST_OK  := $(B)/mnist.ok

CC       ?= cc
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
OPT      ?= -O3 -g
# The library's GEMM runs on OpenMP threads (OMP_NUM_THREADS=N chooses N).
OMP      := -fopenmp
# The library sees only its own headers; the programs, commands, tests and
# benchmarks also see the experiment helpers and the support code.
CPPFLAGS := -Itangled/include $(if $(BLAS),-DNN_CBLAS)
XP_CPPFLAGS := $(CPPFLAGS) -Itangled/programs -Itangled/support
# -fno-math-errno lets sqrt compile to one instruction (and vectorise): the
# library never reads errno after a math function.  It changes no result.
CFLAGS   := $(CSTD) $(WARN) $(OPT) $(OMP) -fno-math-errno -MMD -MP
LDLIBS   := $(OMP) $(if $(BLAS),-lopenblas) -lz -lm

# ---------------------------------------------------------------------------
# Tools.  Every rule that runs an outside tool depends, order-only, on the
# phony target need-GROUP, which runs tools/ensure-deps GROUP (apt-get, once;
# afterwards one dpkg-query per package).  So each goal installs exactly what
# its own recipes use, when they are about to run, and never at parse time:
# `make -n`, `make help` and `make stats` install nothing.  Order-only: the
# check never makes a target out of date.  Everything else the recipes and
# tools/ run comes with gcc, make and git or with every Debian system: bash,
# coreutils, sed, grep, awk (mawk will do), diffutils, findutils, gzip, tar,
# perl-base, util-linux (flock), libc-bin (ldd), binutils (ar), dpkg, apt.
# pdftools (poppler-utils) is for readers only: the page count that `make`
# prints comes from LaTeX's log.
DEP_GROUPS := noweb tex gnuplot criterion zlib openblas npm pdftools fuzz torch pkgconfig
NEED_BLAS  := $(if $(BLAS),need-openblas)
.PHONY: $(DEP_GROUPS:%=need-%)
$(DEP_GROUPS:%=need-%): need-%:
	@tools/ensure-deps $*

# ---------------------------------------------------------------------------
# Tangling.  Make first brings $(B)/tangle.mk up to date (tools/tangle writes
# the roots whose text changed, then the fragment), rereads it, and only then
# builds, so every rule below sees current tangled files with honest timestamps.
# In a dry run make would still remake an included makefile, and so tangle:
# there the roots come from noroots (or the last fragment), which write nothing.
GOALS           := $(or $(MAKECMDGOALS),all)
NO_TANGLE_GOALS := help clean distclean data deps stats uninstall
ifneq ($(filter-out $(NO_TANGLE_GOALS),$(GOALS)),)
  ifeq ($(DRY_RUN),)
    include $(B)/tangle.mk
  else
    ROOTS := $(shell noroots $(NW) 2>/dev/null | sed -e 's/^<<//' -e 's/>>$$//' | LC_ALL=C sort)
    ROOTS := $(or $(ROOTS),$(shell sed -n 's/^ROOTS := //p' $(B)/tangle.mk 2>/dev/null))
  endif
endif

TANGLED_NOW := $(wildcard tangled/*/*.[ch] tangled/*/*/*.[ch] tangled/*/*.py tests/*.[ch] \
                          figures/*.gp)
$(B)/tangle.mk: $(NW) $(TANGLED_NOW) tools/tangle tools/chunk-comments | need-noweb
	@echo "tangle   book/*.nw"
	@tools/tangle $@ $(NW)

# ---------------------------------------------------------------------------
# What the roots are.
LIB_SRC   := $(filter tangled/src/%.c,$(ROOTS))
PROG_SRC  := $(filter tangled/programs/%.c,$(ROOTS))
TEST_SRC  := $(filter tests/%.c,$(ROOTS))
# figures/pytorch-compare.gp is drawn only by `make pytorch-compare` (appendix
# "From this library to PyTorch"), which needs PyTorch; the book includes it if present.
FIG_GP    := $(filter-out figures/style.gp figures/pytorch-compare.gp,\
                          $(filter figures/%.gp,$(ROOTS)))
CMD_SRC   := $(filter tangled/cmd/nn-%.c,$(ROOTS))
CMD_SUP   := $(filter-out $(CMD_SRC),$(filter tangled/cmd/%.c,$(ROOTS)))
XP_SRC    := $(filter tangled/support/%.c,$(ROOTS))
EX_SRC    := $(filter tangled/exercises/%.c,$(ROOTS))
SOL_SRC   := $(filter tangled/solutions/%.c,$(ROOTS))
BENCH_SRC := $(filter tangled/bench/%.c,$(ROOTS))

LIB_F     := $(B)/lib/libnn.a
LIB_D     := $(B)/lib/libnn-double.a
OBJ_F     := $(LIB_SRC:tangled/src/%.c=$(B)/obj/float/%.o)
OBJ_D     := $(LIB_SRC:tangled/src/%.c=$(B)/obj/double/%.o)
PROGRAMS  := $(PROG_SRC:tangled/programs/%.c=$(B)/bin/%)
COMMANDS  := $(CMD_SRC:tangled/cmd/%.c=$(B)/bin/%)
CMD_SUP_O := $(CMD_SUP:tangled/cmd/%.c=$(B)/obj/cmd/%.o)
LIB_XP    := $(B)/lib/libxp.a
XP_OBJ    := $(XP_SRC:tangled/support/%.c=$(B)/obj/support/%.o)
EX_NAMES  := $(EX_SRC:tangled/exercises/%.c=%)
DATA      := $(PROG_SRC:tangled/programs/%.c=$(B)/data/%.done)
FIG_TEX   := $(FIG_GP:figures/%.gp=$(B)/figures/%.tex)
TESTS_F   := $(B)/tests/float/run-tests
TESTS_D   := $(B)/tests/double/run-tests
BENCHES   := $(BENCH_SRC:tangled/bench/%.c=$(B)/bench/%)

.PHONY: all book tangle lib programs commands figures test test-golden check data help \
        clean distclean deps stats check-convergence exercises grade reset-exercise bench fuzz fuzz-seeds \
        install uninstall golden
all book: $(B)/book.pdf
tangle: $(B)/tangle.mk
lib: $(LIB_F) $(LIB_D)
programs: $(PROGRAMS)
commands: $(COMMANDS)

# ---------------------------------------------------------------------------
# The library, in single precision (for speed) and double (for checking).
$(B)/obj/float/%.o: tangled/src/%.c | need-zlib $(NEED_BLAS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@
$(B)/obj/double/%.o: tangled/src/%.c | need-zlib $(NEED_BLAS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DNN_DOUBLE $(CFLAGS) -c $< -o $@
$(LIB_F): $(OBJ_F)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^
$(LIB_D): $(OBJ_D)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# Experiment programs: each writes its data (and a numbers.tex of the values the
# prose quotes) into $(B)/data/NAME/.  Only those that measure the book's GEMM
# against OpenBLAS ('/* needs: openblas */', see tools/tangle) link it.
$(B)/obj/programs/%.o: tangled/programs/%.c | need-zlib $(NEED_BLAS)
	@mkdir -p $(@D)
	$(CC) $(XP_CPPFLAGS) $(CFLAGS) -c $< -o $@
$(B)/bin/%: $(B)/obj/programs/%.o $(LIB_XP) $(LIB_F)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(LIB_XP) $(LIB_F) $(BLAS_LIBS) $(LDLIBS) -o $@
# The support code shared by the programs and the commands (tangled/support/),
# single precision like them; not part of the library.
$(B)/obj/support/%.o: tangled/support/%.c | need-zlib
	@mkdir -p $(@D)
	$(CC) $(XP_CPPFLAGS) $(CFLAGS) -c $< -o $@
$(LIB_XP): $(XP_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^
# The speed chapter's allocation counter sees every malloc of the library's objects.
$(B)/bin/speed-allocs: LDLIBS += -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc
# Programs that read MNIST (tools/tangle lists them) also depend on $(MNIST_OK)
# and find the data through the environment variable MNIST_DIR.
$(B)/data/%.done: $(B)/bin/%
	@rm -rf $(B)/data/$* && mkdir -p $(B)/data/$*
	@echo "run      $<"
	@MNIST_DIR=$(MNIST_DIR) $< $(B)/data/$* > $(B)/data/$*/log.txt \
	  || { cat $(B)/data/$*/log.txt; exit 1; }
	@touch $@

# Commands for readers (tangled/cmd/NAME.c -> $(B)/bin/NAME), such as nn-train.
# Unlike the experiment programs, make never runs them.  The other files of
# tangled/cmd/ (not nn-*.c), such as the trainer's option parser, are linked
# into every command and compiled into the tests.
$(B)/obj/cmd/%.o: tangled/cmd/%.c | need-zlib
	@mkdir -p $(@D)
	$(CC) $(XP_CPPFLAGS) -Itangled/cmd $(CFLAGS) -c $< -o $@
$(COMMANDS): $(B)/bin/%: $(B)/obj/cmd/%.o $(CMD_SUP_O) $(LIB_XP) $(LIB_F)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(CMD_SUP_O) $(LIB_XP) $(LIB_F) $(LDLIBS) -o $@

# Benchmarks (tangled/bench/NAME.c -> $(B)/bench/NAME): `make bench` runs each
# in turn, alone on the machine as far as make is concerned, and keeps what it
# printed in $(B)/bench/NAME.txt.  Those that compare with OpenBLAS in the same
# process ('/* needs: openblas */') link it.
$(B)/obj/bench/%.o: tangled/bench/%.c | need-zlib $(NEED_BLAS)
	@mkdir -p $(@D)
	$(CC) $(XP_CPPFLAGS) -Itangled/bench $(CFLAGS) -c $< -o $@
$(BENCHES): $(B)/bench/%: $(B)/obj/bench/%.o $(LIB_XP) $(LIB_F)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $< $(LIB_XP) $(LIB_F) $(BLAS_LIBS) $(LDLIBS) -o $@
# Then PyTorch trains the same networks (tangled/pytorch/bench.py, appendix
# "From this library to PyTorch"), epoch by epoch in turns with bench/train.
# Every line 'result KEY VALUE' they print goes into one results file, headed
# by the machine, the date and the commit; bench-table prints the targets'
# table from it, and the file replaces
# book/results/bench.txt (the speed chapter's table) and, through
# tools/bench-readme, the README's speed table.
BENCH_RESULTS := book/results/bench.txt
BENCH_NEW     := $(B)/bench/results.txt
.NOTPARALLEL: bench
bench: $(MNIST_OK) $(BENCHES) $(B)/bin/bench-table tangled/pytorch/bench.py \
       tools/bench-readme | need-torch
	@set -o pipefail; mkdir -p $(B)/bench; \
	m=$$(sed -n '/^model name[[:space:]]*: /{s///p;q;}' /proc/cpuinfo); \
	{ echo "# make bench: one run's results, 'key value' a line"; \
	  echo "machine $${m:-$$(uname -m)}"; echo "cores $$(nproc)"; \
	  echo "date $$(date -u +%Y-%m-%d)"; \
	  echo "commit $$(git rev-parse --short HEAD 2>/dev/null || echo none)"; } > $(BENCH_NEW).part; \
	for b in $(BENCHES); do \
	  echo "== $$b =="; MNIST_DIR=$(MNIST_DIR) $$b | tee $$b.txt || exit 1; \
	  sed -n 's/^result //p' $$b.txt >> $(BENCH_NEW).part; done; \
	echo "== PyTorch, in turns with $(B)/bench/train =="; MNIST_DIR=$(MNIST_DIR) \
	  $(GOLDEN_PYTHON) tangled/pytorch/bench.py $(B)/bench/train | tee $(B)/bench/pytorch.txt || exit 1; \
	sed -n 's/^result //p' $(B)/bench/pytorch.txt >> $(BENCH_NEW).part; \
	mv $(BENCH_NEW).part $(BENCH_NEW); echo "== targets =="; mkdir -p $(B)/bench/table; \
	BENCH_RESULTS=$(BENCH_NEW) $(B)/bin/bench-table $(B)/bench/table || exit 1; \
	cp $(BENCH_NEW) $(BENCH_RESULTS); tools/bench-readme $(B)/bench/table/readme.md README.md; \
	echo "bench: wrote $(BENCH_RESULTS) and README.md's speed table: commit them"
# The speed chapter's table and numbers come from the committed results.
$(B)/data/bench-table.done: $(BENCH_RESULTS)

# The best perceptron's study (chapter "The best MLP"): every row of
# tangled/studies/best-mlp-rows.txt trained with every seed, the better part
# of an hour on 2 cores, so not part of `make`.  It replaces the committed
# results file only when every run succeeded; the book's table is made from it.
SEEDS         ?= 1 2 3
STUDY_ROWS    := tangled/studies/best-mlp-rows.txt
STUDY_RESULTS := book/results/best-mlp.tsv
.PHONY: best-mlp
.NOTPARALLEL: best-mlp
best-mlp: $(B)/bin/nn-train $(MNIST_OK)
	@mkdir -p $(dir $(STUDY_RESULTS))
	MNIST_DIR=$(MNIST_DIR) bash tangled/studies/best-mlp.sh $(B)/bin/nn-train \
	  $(STUDY_ROWS) $(STUDY_RESULTS) "$(SEEDS)"
# The chapter's table, numbers and figure come from the rows and the results.
$(B)/data/best-table.done: $(STUDY_ROWS) $(STUDY_RESULTS)

# MNIST, checked once per choice of MNIST_DIR: the stamp depends on a file
# that holds the folder's name and changes only when the name does (its
# recipe always runs, but rewrites the file only then).
.PHONY: FORCE
$(B)/mnist-dir.txt: FORCE
	@mkdir -p $(@D); echo '$(MNIST_DIR)' | cmp -s - $@ || echo '$(MNIST_DIR)' > $@
$(MNIST_OK): $(B)/mnist-dir.txt tools/get-mnist tools/mnist.sha256
	@tools/get-mnist $(MNIST_DIR)
	@touch $@

# Figures: gnuplot's cairolatex terminal writes NAME.tex (labels, typeset by
# LaTeX in the book's fonts) and NAME.pdf (the drawing).
$(B)/figures/%.tex: figures/%.gp figures/style.gp | need-gnuplot
	@mkdir -p $(@D)
	@echo "gnuplot  $<"
	@gnuplot -e "out='$@'; data='$(B)/data'" $<
	@LC_ALL=C sed -i -E "s|/CreationDate \(D:[0-9]{14}Z\)|/CreationDate (D:$(PDF_DATE)Z)|" $(@:.tex=.pdf)

figures:
	rm -rf $(B)/data $(B)/figures
	$(MAKE) --no-print-directory $(FIG_TEX)

# ---------------------------------------------------------------------------
# The book: tools/weave runs noweave over every chapter at once, so chunk
# cross-references work across chapters.
$(B)/book.tex: $(NW) tools/weave tools/index-terms tools/index-code-words | need-noweb
	@mkdir -p $(@D)
	@echo "weave    book/*.nw"
	@tools/weave $@ $(NW)

# The graded exercises' targets, for the text (\nnnumbers{exercises}): read from
# the skeletons' TARGET_ACCURACY, the number the grader grades against, so the
# book cannot state another.  mnist-classic gives \TargetMnistClassic.
$(B)/data/exercises/numbers.tex: $(EX_SRC)
	@mkdir -p $(@D)
	@for f in $(EX_SRC); do \
	  m=$$(basename $$f .c | sed -E 's/(^|-)([a-z])/\U\2/g'); \
	  t=$$(sed -n 's/^#define TARGET_ACCURACY[[:space:]]*\([0-9.]*\).*/\1/p' $$f); \
	  [ -n "$$t" ] || { echo "$$f: no TARGET_ACCURACY" >&2; exit 1; }; \
	  echo "\\newcommand{\\Target$$m}{$$t}"; done > $@

# The library reference (appendix "Library reference"), from the headers.
$(B)/data/reference/reference.tex: $(B)/book.tex tools/libref \
    tangled/include/nn.h tangled/include/nn-layer.h
	@mkdir -p $(@D)
	@tools/libref $(@D) $< tangled/include/nn.h tangled/include/nn-layer.h

$(B)/book.pdf: $(B)/book.tex book/references.bib tools/typeset $(FIG_TEX) $(DATA) \
               $(B)/data/exercises/numbers.tex $(B)/data/reference/reference.tex | need-tex
	@echo "typeset  $<"
	@tools/typeset $<
	@tools/check-latex-log $(B)/book.log
	@echo "The book is $@ ($$(sed -n 's/^Output written on .* (\([0-9]*\) pages\{0,1\},.*/\1/p' \
	  $(B)/book.log) pages)."

# ---------------------------------------------------------------------------
# Tests: every suite in tests/, linked into one Criterion runner per precision.
TEST_CFLAGS := $(filter-out -Wshadow -MMD -MP,$(CFLAGS))
HEADERS     := $(filter %.h,$(ROOTS))
# The support files of the commands and the programs are compiled with the
# tests, in each precision.
TEST_SRC_ALL := $(TEST_SRC) $(CMD_SUP) $(XP_SRC)
$(TESTS_F): $(TEST_SRC_ALL) $(HEADERS) $(LIB_F) | need-criterion
	@mkdir -p $(@D)
	$(CC) $(XP_CPPFLAGS) -Itests -Itangled/cmd $(TEST_CFLAGS) $(TEST_SRC_ALL) $(LIB_F) -lcriterion $(LDLIBS) -o $@
$(TESTS_D): $(TEST_SRC_ALL) $(HEADERS) $(LIB_D) | need-criterion
	@mkdir -p $(@D)
	$(CC) $(XP_CPPFLAGS) -Itests -Itangled/cmd -DNN_DOUBLE $(TEST_CFLAGS) $(TEST_SRC_ALL) $(LIB_D) -lcriterion $(LDLIBS) -o $@

# The same suites, double precision, built from the sources with
# AddressSanitizer and UndefinedBehaviorSanitizer (leak checking included):
# any finding aborts the test that caused it.
TESTS_SAN := $(B)/tests/sanitize/run-tests
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
$(TESTS_SAN): $(TEST_SRC_ALL) $(HEADERS) $(LIB_SRC) | need-criterion need-zlib $(NEED_BLAS)
	@mkdir -p $(@D)
	$(CC) $(XP_CPPFLAGS) -Itests -Itangled/cmd -DNN_DOUBLE $(filter-out -O%,$(TEST_CFLAGS)) -O1 \
	  $(SAN_FLAGS) $(TEST_SRC_ALL) $(LIB_SRC) -lcriterion $(LDLIBS) -o $@
# The tests run the trainer as a child process; in the sanitized run, that is a
# trainer built with the same sanitizers (single precision, like the real one).
SAN_TRAIN := $(B)/tests/sanitize/nn-train
$(SAN_TRAIN): tangled/cmd/nn-train.c $(CMD_SUP) $(XP_SRC) $(HEADERS) $(LIB_SRC) | need-zlib $(NEED_BLAS)
	@mkdir -p $(@D)
	$(CC) $(XP_CPPFLAGS) -Itangled/cmd $(filter-out -O%,$(TEST_CFLAGS)) -O1 $(SAN_FLAGS) \
	  $< $(CMD_SUP) $(XP_SRC) $(LIB_SRC) $(LDLIBS) -o $@

# The tests run the commands and the experiment programs (end to end, on small
# data of their own), and make sure that the exercises' skeletons and solutions
# compile; two checks of the book's tools come first (forward references, and
# the identifier index's filter on markup of its own).
# Every check runs even when an earlier one failed, and `make test` fails at
# the end if any did.  tools/run-suite keeps each suite's output in
# $(B)/tests/NAME.log and shows only Criterion's failures and summaries (the
# bad-input tests' expected error messages stay in the log).
TEST_ENV := NN_BUILD_DIR=$(B) NN_TRAIN=$(B)/bin/nn-train
SAN_ENV  := NN_BUILD_DIR=$(B) NN_TRAIN=$(SAN_TRAIN) ASAN_OPTIONS=detect_leaks=1
test: $(TESTS_F) $(TESTS_D) $(TESTS_SAN) $(SAN_TRAIN) $(COMMANDS) $(PROGRAMS) \
      $(EX_NAMES:%=$(B)/skeletons/%) $(EX_NAMES:%=$(B)/solutions/%) $(INSTALL_FILES)
	@failed=; \
	tools/check-forward-refs $(NW) || failed="$$failed forward-references"; \
	tools/check-index-words || failed="$$failed index-words"; \
	tools/run-suite "tests, double precision, AddressSanitizer + UBSan" \
	  $(B)/tests/sanitize.log env $(SAN_ENV) $(TESTS_SAN) || failed="$$failed sanitize"; \
	tools/run-suite "tests, single precision" $(B)/tests/float.log \
	  env $(TEST_ENV) $(TESTS_F) || failed="$$failed float"; \
	tools/run-suite "tests, double precision" $(B)/tests/double.log \
	  env $(TEST_ENV) $(TESTS_D) || failed="$$failed double"; \
	tools/run-suite "the installed library, through pkg-config" $(B)/tests/install.log \
	  tools/check-install $(B) || failed="$$failed install"; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed"; exit 1; fi; \
	echo "make test: every check passed"

# Only the golden-vector tests, against NN_GOLDEN_DIR (default tests/golden):
# CI runs them against a second, independently computed directory too.
test-golden: $(TESTS_F) $(TESTS_D)
	@failed=; for p in float double; do \
	  tools/run-suite "golden tests, $$p, $${NN_GOLDEN_DIR:-tests/golden}" \
	    $(B)/tests/golden-$$p.log env $(TEST_ENV) $(B)/tests/$$p/run-tests \
	    --filter='*/*golden*' || failed=1; done; [ -z "$$failed" ]

# What CI runs after `make test`: the whole book, from scratch in a clean clone.
check: test all

# ---------------------------------------------------------------------------
# Installing the library (appendix "Using the library in your own programs"):
# `make install PREFIX=DIR` (default /usr/local; DESTDIR for packagers) puts
# libnn.a, the shared libnn.so.$(SO_VERSION) (soname libnn.so.$(SO_MAJOR)), nn.h, nn-layer.h,
# nn.pc and nn-train under DIR; `make uninstall PREFIX=DIR` removes them.
# Both are single precision, like nn-train.  Raise SO_MINOR for a compatible
# release, SO_MAJOR (and reset SO_MINOR) when programs must be recompiled.
PREFIX      ?= /usr/local
SO_MAJOR    := 0
SO_MINOR    := 1
SO_VERSION  := $(SO_MAJOR).$(SO_MINOR)
LIB_SO      := $(B)/lib/libnn.so.$(SO_VERSION)
OBJ_PIC     := $(LIB_SRC:tangled/src/%.c=$(B)/obj/pic/%.o)
INSTALL_FILES := $(LIB_F) $(LIB_SO) $(B)/bin/nn-train
I_PREFIX    := $(DESTDIR)$(abspath $(PREFIX))
$(B)/obj/pic/%.o: tangled/src/%.c | need-zlib $(NEED_BLAS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fPIC -c $< -o $@
$(LIB_SO): $(OBJ_PIC)
	$(CC) -shared -Wl,-soname,libnn.so.$(SO_MAJOR) $(OMP) $^ $(LDLIBS) -o $@

# nn.pc: the shared library records its own dependencies, so Libs is -lnn;
# a static link (pkg-config --static) also needs OpenMP, zlib and libm.  The
# run-time path lets programs find a library installed outside the system's.
define NN_PC
prefix=$(abspath $(PREFIX))
libdir=$${prefix}/lib
includedir=$${prefix}/include

Name: nn
Description: Neural networks from scratch, the library of the literate C book
Version: $(SO_VERSION)
Cflags: -I$${includedir}
Libs: -L$${libdir} -Wl,-rpath,$${libdir} -lnn
Libs.private: $(OMP) $(if $(BLAS),-lopenblas) -lz -lm
endef
export NN_PC

install: $(INSTALL_FILES)
	install -d $(I_PREFIX)/lib/pkgconfig $(I_PREFIX)/include $(I_PREFIX)/bin
	install -m 644 $(LIB_F) $(I_PREFIX)/lib/libnn.a
	install -m 755 $(LIB_SO) $(I_PREFIX)/lib/libnn.so.$(SO_VERSION)
	ln -sf libnn.so.$(SO_VERSION) $(I_PREFIX)/lib/libnn.so.$(SO_MAJOR)
	ln -sf libnn.so.$(SO_MAJOR) $(I_PREFIX)/lib/libnn.so
	install -m 644 tangled/include/nn.h tangled/include/nn-layer.h $(I_PREFIX)/include/
	install -m 755 $(B)/bin/nn-train $(I_PREFIX)/bin/nn-train
	printf '%s\n' "$$NN_PC" > $(I_PREFIX)/lib/pkgconfig/nn.pc

uninstall:
	rm -f $(I_PREFIX)/lib/libnn.a $(I_PREFIX)/lib/libnn.so $(I_PREFIX)/lib/libnn.so.$(SO_MAJOR) \
	  $(I_PREFIX)/lib/libnn.so.$(SO_VERSION) $(I_PREFIX)/include/nn.h \
	  $(I_PREFIX)/include/nn-layer.h \
	  $(I_PREFIX)/lib/pkgconfig/nn.pc $(I_PREFIX)/bin/nn-train

# ---------------------------------------------------------------------------
# Golden vectors (appendix "Checking against PyTorch"): `make golden` installs
# Debian's PyTorch and rewrites tests/golden/*.txt with the book's generator.
# Debian's python3-torch belongs to Debian's own Python, hence the full path.
GOLDEN_PYTHON ?= /usr/bin/python3
# The run of figure optim-mnist with Adam, in PyTorch, on the same images, drawn
# beside the library's (appendix "From this library to PyTorch").  Never part of
# `make` or `make test`; the next `make` puts the figure in the book.
.PHONY: pytorch-compare
pytorch-compare: $(B)/data/optim-mnist.done tangled/pytorch/optim-mnist.py \
                 figures/pytorch-compare.gp figures/style.gp | need-torch need-gnuplot
	@rm -rf $(B)/data/pytorch-compare && mkdir -p $(B)/data/pytorch-compare
	MNIST_DIR=$(MNIST_DIR) $(GOLDEN_PYTHON) tangled/pytorch/optim-mnist.py \
	  $(B)/data/optim-mnist $(B)/data/pytorch-compare
	@mkdir -p $(B)/figures
	@gnuplot -e "out='$(B)/figures/pytorch-compare.tex'; data='$(B)/data'" \
	  figures/pytorch-compare.gp
	@rm -f $(B)/book.pdf
	@echo "drew $(B)/figures/pytorch-compare.tex: run make to put it in the book"

golden: tangled/golden/generate.py | need-torch
	$(GOLDEN_PYTHON) tangled/golden/generate.py tests/golden
	@git diff --stat -- tests/golden 2>/dev/null || true

# ---------------------------------------------------------------------------
# Graded exercises.  The book's skeletons (tangled/exercises/NAME.c) are copied
# to exercises/NAME.c by tools/copy-exercise, which makes the first line say
# that the copy is the reader's to edit, only when no file of that name is
# there: no target ever
# overwrites a reader's work.  `make reset-exercise EX=NAME` restores one on
# request (keeping the old file as NAME.c.bak).  `make grade` builds, trains
# and grades every exercise (EX=NAME: one), `make grade SOLUTIONS=1` the
# reference solutions (tangled/solutions/NAME.c, from the appendix), and
# `make grade SKELETONS=1` checks that every untouched skeleton misses.
EX_CFLAGS := $(CSTD) -Wall -Wextra $(OPT)
EX_DEPS   := $(filter tangled/exercises/%.h,$(ROOTS)) $(LIB_F)
GRADE_EX  := $(or $(EX),$(EX_NAMES))
ifneq ($(filter grade,$(GOALS)),)
  ifneq ($(filter-out $(EX_NAMES),$(EX)),)
    $(error make grade EX=$(EX): there is no such exercise (the exercises are: $(EX_NAMES)))
  endif
endif
GRADE_DIR := $(if $(SOLUTIONS),solutions,$(if $(SKELETONS),skeletons,exercises))

exercises/%.c: | tangled/exercises/%.c
	@test -e $@ || { tools/copy-exercise $* $@ && echo "exercise $@ copied from the book"; }
$(B)/exercises/%: exercises/%.c $(EX_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itangled/exercises $(EX_CFLAGS) $< $(LIB_F) $(LDLIBS) -o $@
$(B)/skeletons/%: tangled/exercises/%.c $(EX_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itangled/exercises $(EX_CFLAGS) -Werror $< $(LIB_F) $(LDLIBS) -o $@
$(B)/solutions/%: tangled/solutions/%.c $(EX_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itangled/exercises $(EX_CFLAGS) -Werror $< $(LIB_F) $(LDLIBS) -o $@

exercises: $(EX_NAMES:%=exercises/%.c)

grade: $(MNIST_OK) $(B)/bin/nn-train $(GRADE_EX:%=$(B)/$(GRADE_DIR)/%)
	@tools/grade $(B) $(GRADE_DIR) $(MNIST_DIR) $(GRADE_EX)

reset-exercise:
	@tools/reset-exercise "$(EX)"

# ---------------------------------------------------------------------------
# Fuzzing (the chapter on robustness): the library and the targets tangled/fuzz/fuzz-NAME.c,
# built with clang's libFuzzer and the sanitizers into $(B)/fuzz/.  `make fuzz`
# runs each target for FUZZ_SECONDS on a working corpus in $(B)/fuzz/corpus/NAME
# that starts from the committed seeds in fuzz/seeds/NAME (written by
# tangled/fuzz/make-seeds.c: `make fuzz-seeds`).  A crash fails, naming the input.
FUZZ_SECONDS ?= 60
FUZZ_CC     := clang
FUZZ_NAMES  := $(patsubst tangled/fuzz/fuzz-%.c,%,$(filter tangled/fuzz/fuzz-%.c,$(ROOTS)))
FUZZERS     := $(FUZZ_NAMES:%=$(B)/fuzz/fuzz-%)
FUZZ_OBJ    := $(LIB_SRC:tangled/src/%.c=$(B)/fuzz/obj/%.o)
# -fopenmp: the library's GEMM uses OpenMP; clang's runtime is libomp.
FUZZ_CFLAGS := $(CSTD) -Wall -Wextra -Werror -fopenmp -g -O1 -DNN_DOUBLE \
               -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
$(B)/fuzz/obj/%.o: tangled/src/%.c | need-fuzz need-zlib
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@
$(B)/fuzz/libnn-fuzz.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^
$(FUZZERS): $(B)/fuzz/fuzz-%: tangled/fuzz/fuzz-%.c $(HEADERS) $(XP_SRC) $(B)/fuzz/libnn-fuzz.a | need-fuzz
	$(FUZZ_CC) $(XP_CPPFLAGS) -Itangled/fuzz $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(XP_SRC) \
	  $(B)/fuzz/libnn-fuzz.a -lz -lm -o $@
$(B)/fuzz/make-seeds: tangled/fuzz/make-seeds.c $(HEADERS) $(LIB_XP) $(LIB_F)
	@mkdir -p $(@D)
	$(CC) $(XP_CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) $< $(LIB_XP) $(LIB_F) $(LDLIBS) -o $@

fuzz-seeds: $(B)/fuzz/make-seeds
	rm -rf fuzz/seeds && mkdir -p fuzz && $< fuzz/seeds

.NOTPARALLEL: fuzz
fuzz: $(FUZZERS) $(B)/fuzz/make-seeds
	@rm -rf $(B)/fuzz/seeds && $(B)/fuzz/make-seeds $(B)/fuzz/seeds
	@diff -r fuzz/seeds $(B)/fuzz/seeds > /dev/null || { echo "fuzz: fuzz/seeds is not" \
	  "what tangled/fuzz/make-seeds.c writes: run 'make fuzz-seeds' and commit it"; exit 1; }
	@mkdir -p $(B)/fuzz/crashes; for t in $(FUZZ_NAMES); do \
	  mkdir -p $(B)/fuzz/corpus/$$t; echo "fuzz     $$t for $(FUZZ_SECONDS) s"; \
	  if ! $(B)/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$(B)/fuzz/crashes/$$t- \
	       $(B)/fuzz/corpus/$$t fuzz/seeds/$$t > $(B)/fuzz/$$t.log 2>&1; then \
	    tail -40 $(B)/fuzz/$$t.log; \
	    echo "fuzz: $$t failed; the input: $$(sed -n 's/.*written to //p' $(B)/fuzz/$$t.log)"; \
	    echo "fuzz: reproduce with $(B)/fuzz/fuzz-$$t INPUT"; exit 1; \
	  fi; \
	  sed -n 's/^stat::\(number_of_executed_units\|new_units_added\|peak_rss_mb\)/  \1/p' \
	    $(B)/fuzz/$$t.log; \
	  echo "  corpus: $$(ls $(B)/fuzz/corpus/$$t | wc -l) inputs"; \
	done

# ---------------------------------------------------------------------------
data:
	@tools/get-mnist $(MNIST_DIR)

deps:
	@tools/ensure-deps noweb tex gnuplot criterion zlib openblas npm pdftools fuzz pkgconfig
	@echo "deps: PyTorch, for 'make golden' and 'make bench' only, is installed by those goals (it is large)"

stats:
	@tools/stats --check 1.5 15 $(NW)

# The LaTeX passes reach a fixed point whatever the wording (CI runs this).
check-convergence: $(B)/book.pdf | need-tex
	@tools/check-convergence $(B)/book.tex $(B)/convergence 4

clean:
	rm -rf $(B)

distclean: clean
	rm -rf data build build-openblas

help:
	@echo "make            build the book: $(B)/book.pdf (installs what is missing)"
	@echo "make test       check the tangled files against the book, then run every test"
	@echo "make test-golden   only the golden-vector tests (NN_GOLDEN_DIR=DIR: another directory)"
	@echo "make golden     rewrite tests/golden/ with PyTorch (installs python3-torch)"
	@echo "make pytorch-compare  the Adam run of optim-mnist in PyTorch, beside the library's (figure)"
	@echo "make install PREFIX=DIR   install libnn.a, libnn.so, nn.h, nn-layer.h, nn.pc and nn-train; make uninstall removes them"
	@echo "make tangle     write tangled/, tests/ and figures/ from book/*.nw (FORCE=1 overwrites hand edits)"
	@echo "make lib        build $(B)/lib/libnn.a (single precision) and libnn-double.a"
	@echo "make programs   build the experiment programs into $(B)/bin/"
	@echo "make figures    rerun every experiment program and redraw every figure"
	@echo "make commands   build the readers' commands (nn-train) into $(B)/bin/"
	@echo "make exercises  copy the exercises' skeletons into exercises/ (only those absent)"
	@echo "make grade      train and grade every exercise (EX=NAME: one; SOLUTIONS=1: the solutions;"
	@echo "                SKELETONS=1: check that the untouched skeletons miss)"
	@echo "make reset-exercise EX=NAME   restore an exercise's skeleton (keeps yours as .bak)"
	@echo "make data       fetch MNIST into data/mnist/ (or check MNIST_DIR=DIR) and verify its checksums"
	@echo "make fuzz       run each fuzz target for FUZZ_SECONDS (60) with clang's libFuzzer; make fuzz-seeds rewrites fuzz/seeds/"
	@echo "make bench      run the speed benchmarks against OpenBLAS and PyTorch (keeps their output in"
	@echo "                $(B)/bench/), print the targets' table, rewrite book/results/bench.txt and README's table"
	@echo "make best-mlp   run the best perceptron's study (about an hour; SEEDS=\"1 2 3\"), replacing book/results/best-mlp.tsv"
	@echo "make BLAS=openblas ...   any goal, with OpenBLAS's GEMM in place of the book's (in build-openblas/)"
	@echo "make deps       install every tool the project uses"
	@echo "make check-convergence   typeset the book with sentences added in 4 places: the passes must converge"
	@echo "make stats      prose against code and chunk length per chapter (fails below 1.5 or above 15 lines)"
	@echo "make clean      remove $(B)/;  make distclean also removes data/"

-include $(OBJ_F:.o=.d) $(OBJ_D:.o=.d) $(OBJ_PIC:.o=.d)
-include $(PROG_SRC:tangled/programs/%.c=$(B)/obj/programs/%.d)
-include $(CMD_SRC:tangled/cmd/%.c=$(B)/obj/cmd/%.d) $(CMD_SUP_O:.o=.d) $(XP_OBJ:.o=.d)
-include $(BENCH_SRC:tangled/bench/%.c=$(B)/obj/bench/%.d)
