#define BOOST_TEST_MODULE http_unit
#include <boost/test/unit_test.hpp>
