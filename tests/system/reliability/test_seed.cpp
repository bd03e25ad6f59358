#include "tests/system/reliability/test_seed.hpp"

#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

#include <boost/test/framework.hpp>
#include <boost/test/tree/test_unit.hpp>

namespace reliability {

namespace {

constexpr std::uint32_t default_seed = 20261128;

} // namespace

std::uint32_t test_seed() {
  std::uint32_t seed = default_seed;
  if (const char* given = std::getenv("RELIABILITY_SEED")) {
    std::size_t used = 0;
    auto value = std::stoul(given, &used);
    if (used != std::string(given).size())
      throw std::invalid_argument(std::string("RELIABILITY_SEED is not a number: ") + given);
    seed = static_cast<std::uint32_t>(value);
  }
  std::cout << boost::unit_test::framework::current_test_case().p_name.get() << ": seed " << seed
            << " (RELIABILITY_SEED=" << seed << " repeats it)" << std::endl;
  return seed;
}

std::uint32_t pick(std::mt19937& random, std::uint32_t low, std::uint32_t high) {
  return std::uniform_int_distribution<std::uint32_t>(low, high)(random);
}

} // namespace reliability
