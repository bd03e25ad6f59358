#define BOOST_TEST_MODULE openapi
#include <boost/test/unit_test.hpp>
