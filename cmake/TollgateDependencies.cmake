# Every dependency comes from a Debian 12 package; cmake/install-deps.sh installs them.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Network Sql)
if(TOLLGATE_GUI)
    find_package(Qt6 6.4 REQUIRED COMPONENTS Widgets Charts)
endif()
if(BUILD_TESTING)
    find_package(Qt6 6.4 REQUIRED COMPONENTS Test)
endif()
find_package(CURL 7.88 REQUIRED)
find_package(ZLIB REQUIRED)                # gzip/deflate bodies on the cleartext HTTP/1.1 upstream path
find_package(OpenSSL 3 REQUIRED)          # SHA-256, Ed25519 (ledger), AES-GCM (secret file)
find_package(Boost 1.74 REQUIRED)          # header-only: Beast's HTTP/1.1 parser
find_package(PkgConfig REQUIRED)
pkg_check_modules(YAMLCPP REQUIRED IMPORTED_TARGET yaml-cpp)
find_path(RAPIDJSON_INCLUDE_DIR rapidjson/document.h REQUIRED)
find_package(SQLite3 REQUIRED)             # the request log's hot insert uses SQLite's own API
find_package(Threads REQUIRED)
# mimalloc replaces glibc's malloc in every binary that links core: a request allocates and frees
# many small blocks, often on different threads (the store writer frees what a worker allocated),
# and glibc's arenas spent about 15% of the gateway's instructions there (callgrind).
find_library(MIMALLOC_LIBRARY NAMES mimalloc REQUIRED)
