# zstd's decoder, compiled for the target from Debian's own source package.
#
# Why from source: Debian has no zstd for mingw-w64, and for arm64 the only
# package route is multiarch (dpkg --add-architecture arm64), which changes
# every later apt-get update of the machine. `make deps` fetches the source
# package instead (`apt-get source --download-only libzstd`, the same version
# as the host's libzstd) and unpacks its upstream tarball; one route for both
# targets. Only the decoder: the loader reads .pixie files and never writes
# one, so the format library's writer objects are never linked. The upstream
# tarball is used without Debian's patches, which touch the CLI, the tests
# and the compressor only.
#
# ZSTD_DISABLE_ASM: the Huffman decoder's hand-written x86-64 assembly is ELF
# only; the C decoder is the one that builds for every target.
set(PIXIE_ZSTD_SOURCE_DIR "" CACHE PATH "Debian's libzstd source tree, unpacked by make deps")
if(NOT EXISTS "${PIXIE_ZSTD_SOURCE_DIR}/lib/zstd.h")
  message(FATAL_ERROR "no zstd source at '${PIXIE_ZSTD_SOURCE_DIR}' (PIXIE_ZSTD_SOURCE_DIR): run `make deps`")
endif()
set(zlib ${PIXIE_ZSTD_SOURCE_DIR}/lib)
add_library(zstd_decoder STATIC
  ${zlib}/common/debug.c
  ${zlib}/common/entropy_common.c
  ${zlib}/common/error_private.c
  ${zlib}/common/fse_decompress.c
  ${zlib}/common/xxhash.c
  ${zlib}/common/zstd_common.c
  ${zlib}/decompress/huf_decompress.c
  ${zlib}/decompress/zstd_ddict.c
  ${zlib}/decompress/zstd_decompress.c
  ${zlib}/decompress/zstd_decompress_block.c)
target_include_directories(zstd_decoder SYSTEM PUBLIC ${zlib})
target_compile_definitions(zstd_decoder PRIVATE ZSTD_DISABLE_ASM)
# The same name the host build's format/ links, so format/CMakeLists.txt is used unchanged.
add_library(PkgConfig::ZSTD ALIAS zstd_decoder)
