# The two commands of README.md: `make run` and `make test`. Everything else is a helper of theirs.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS ?=
JOBS ?= $(shell nproc)
DATA_DIR ?= $(HOME)/.local/share/tollgate
LISTEN ?= 127.0.0.1:4000

.PHONY: run test deps configure build e2e-deps bench clean serve

deps:
	@bash cmake/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

e2e-deps:
	@cd tests/e2e && { [ -d node_modules/openai ] || npm ci --no-audit --no-fund --loglevel=error; }

# Opens the desktop manager when a display is available; otherwise serves headless with the
# embedded default configuration (SQLite in DATA_DIR, listening on LISTEN).
run: build
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] && grep -q 'TOLLGATE_GUI:BOOL=ON' $(BUILD_DIR)/CMakeCache.txt; then \
		exec $(BUILD_DIR)/app/tollgate; \
	else \
		exec $(BUILD_DIR)/app/tollgate serve --listen $(LISTEN) --data-dir $(DATA_DIR); \
	fi

test: build e2e-deps
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 300

bench: build
	@bash bench/run.sh $(BUILD_DIR)

clean:
	@rm -rf $(BUILD_DIR)
