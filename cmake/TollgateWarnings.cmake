# Warnings for the project's own targets (not for third-party headers).
add_library(tollgate_warnings INTERFACE)
target_compile_options(tollgate_warnings INTERFACE -Wall -Wextra -Wno-missing-field-initializers)
