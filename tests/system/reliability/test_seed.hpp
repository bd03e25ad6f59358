#pragma once

// The seed of a test's pseudo-random choices (when to kill, whom): fixed by
// default so that a run can be repeated, RELIABILITY_SEED=<number> in the
// environment to try others.

#include <cstdint>
#include <random>

namespace reliability {

/// RELIABILITY_SEED when set to a number, else a fixed default. Also prints
/// it to stdout, so that the log of any run names the seed to repeat it.
/// Throws std::invalid_argument when RELIABILITY_SEED is not a number.
std::uint32_t test_seed();

/// A number from `low` to `high`, both included.
std::uint32_t pick(std::mt19937& random, std::uint32_t low, std::uint32_t high);

} // namespace reliability
