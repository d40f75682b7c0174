// A shared library that is not a mixfit plugin: it has no mixfit_plugin_info().
extern "C" __attribute__((visibility("default"))) int not_a_plugin() { return 42; }
