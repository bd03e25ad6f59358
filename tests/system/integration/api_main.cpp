#define BOOST_TEST_MODULE node_api
#include <boost/test/unit_test.hpp>
