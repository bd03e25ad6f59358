#define BOOST_TEST_MODULE node_lifecycle
#include <boost/test/unit_test.hpp>
