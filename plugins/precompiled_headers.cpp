// The translation unit of mixfit_family_headers (plugins/CMakeLists.txt), the target whose precompiled
// header every built-in family's core reuses. It defines nothing.
