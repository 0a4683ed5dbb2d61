# pixie_baseline_flags(target): compile `target` for the lowest tier of its
# architecture, with no exceptions. (RTTI stays on: header-only libraries such
# as nlohmann_json are shared with modules built with it, and mixing the two
# for the same inline code breaks UBSan's vptr checks.) Used by runtime/ and loader/,
# the code that runs before anything knows which ISA the host has. Target
# options come after CMAKE_CXX_FLAGS, so a -march=native there is overridden.
function(pixie_baseline_flags target)
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND NOT MSVC)
    target_compile_options(${target} PRIVATE -march=x86-64 -mtune=generic)
  elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$" AND NOT MSVC)
    target_compile_options(${target} PRIVATE -march=armv8-a)
  endif()
  if(NOT MSVC)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions>)
  endif()
endfunction()
