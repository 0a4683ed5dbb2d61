# Builds examples/consumer against pixie the way a user would, then runs it.
#   cmake -DBUILD_DIR=<pixie build> -DSOURCE_DIR=<pixie source> -DWORK_DIR=<scratch>
#         -DFIXTURE=<file.pixie> -DMODE=install|build-tree [-DSANITIZE=ON] -P consumer_test.cmake
function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  message("${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGV}")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
if(MODE STREQUAL "install")
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --component pixie_loader --prefix ${WORK_DIR}/install)
  set(locate -DCMAKE_PREFIX_PATH=${WORK_DIR}/install)
else()
  set(locate -Dpixie_DIR=${BUILD_DIR}/loader)
endif()
# A sanitized libpixie needs its runtime in the program too.
set(flags)
if(SANITIZE)
  set(flags "-DCMAKE_C_FLAGS=-fsanitize=address,undefined" "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined")
endif()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/consumer -B ${WORK_DIR}/build ${locate} -DCMAKE_BUILD_TYPE=Release ${flags})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/c_consumer ${FIXTURE})
run(${WORK_DIR}/build/cpp_consumer ${FIXTURE})
