// The one Boost.Test entry point every mixfit test executable links (each test file is a suite).
#define BOOST_TEST_MODULE mixfit
#include <boost/test/unit_test.hpp>
