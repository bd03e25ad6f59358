# Every third-party library comes from Debian 12's packages (see .ci/install-deps).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(OpenSSL REQUIRED)

# CAF 0.17 ships neither a CMake config nor a pkg-config file.
find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
find_library(CAF_CORE_LIBRARY caf_core REQUIRED)
find_library(CAF_IO_LIBRARY caf_io REQUIRED)
find_library(CAF_OPENSSL_LIBRARY caf_openssl REQUIRED)
add_library(caf INTERFACE)
target_include_directories(caf SYSTEM INTERFACE ${CAF_INCLUDE_DIR})
target_link_libraries(caf INTERFACE ${CAF_OPENSSL_LIBRARY} ${CAF_IO_LIBRARY}
                      ${CAF_CORE_LIBRARY} OpenSSL::SSL OpenSSL::Crypto Threads::Threads)

pkg_check_modules(PISTACHE REQUIRED IMPORTED_TARGET libpistache)
pkg_check_modules(GMPP REQUIRED IMPORTED_TARGET GraphicsMagick++)
pkg_check_modules(JPEG REQUIRED IMPORTED_TARGET libjpeg)
# GraphicsMagick reads AVIF but cannot write it; its HEIF reader trusts the
# sizes a file declares, so HEIC and AVIF are read with libheif directly.
pkg_check_modules(AVIF REQUIRED IMPORTED_TARGET libavif)
pkg_check_modules(HEIF REQUIRED IMPORTED_TARGET libheif)
# XXH3 checks image bytes on every read: at memory speed, so that a checked
# file can still be sent with sendfile.
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
find_package(RocksDB CONFIG REQUIRED)
find_package(nlohmann_json 3.11 CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)
find_package(CURL REQUIRED)
if(BUILD_TESTING)
  find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)
endif()
