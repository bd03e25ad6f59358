// Time of the worker's pipeline alone (run_pipeline: probe, decode, each
// operation, encode) on image files, in this process, one job at a time:
// what a worker spends on a job, without HTTP, actors, storage or network.
//
//   pipeline_bench OPS_FILE ROUNDS IMAGE...
//
// OPS_FILE holds the operations in the text form (a profile such as
// config/profiles/qa-normalize.ops). Prints the mean milliseconds of every
// step and of the whole job, wall and CPU, over ROUNDS passes over the
// images (after one untimed pass), and the mean size of the results.

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "actors/imaging/image_format.hpp"
#include "actors/imaging/image_probe.hpp"
#include "actors/imaging/operation_parser.hpp"
#include "actors/imaging/pipeline.hpp"

namespace {

std::string read_file(const char* path) {
  std::ifstream input(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>()};
}

double cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: pipeline_bench OPS_FILE ROUNDS IMAGE...\n");
    return 2;
  }
  auto ops = imaging::parse_operations_text(read_file(argv[1]));
  if (!ops) {
    std::fprintf(stderr, "%s: %s\n", argv[1], ops.error().message.c_str());
    return 2;
  }
  int rounds = std::max(1, std::atoi(argv[2]));
  imaging::image_limits limits;
  imaging::initialize_imaging(limits);
  struct input {
    std::string name, bytes;
    imaging::image_format format;
  };
  std::vector<input> inputs;
  for (int i = 3; i < argc; ++i) {
    auto bytes = read_file(argv[i]);
    auto header = imaging::probe_image(bytes, limits);
    if (!header) {
      std::fprintf(stderr, "%s: %s\n", argv[i], header.error().message.c_str());
      return 2;
    }
    inputs.push_back({argv[i], std::move(bytes), header->format});
  }
  std::map<std::string, double> step_ms;
  std::vector<std::string> order;
  double wall_total = 0, cpu_total = 0, output_bytes = 0;
  int jobs = 0;
  for (int round = 0; round <= rounds; ++round) {
    for (const auto& in : inputs) {
      auto wall_start = std::chrono::steady_clock::now();
      auto cpu_start = cpu_ms();
      auto result = imaging::run_pipeline(in.bytes, in.format, *ops, limits);
      auto cpu = cpu_ms() - cpu_start;
      auto wall =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start)
              .count();
      if (!result) {
        std::fprintf(stderr, "%s: %s\n", in.name.c_str(), result.error().message.c_str());
        return 1;
      }
      if (round == 0)
        continue; // warm-up
      ++jobs;
      output_bytes += static_cast<double>(result->bytes.size());
      wall_total += wall;
      cpu_total += cpu;
      for (const auto& step : result->timings) {
        if (!step_ms.count(step.step))
          order.push_back(step.step);
        step_ms[step.step] += step.micros / 1000.0;
      }
    }
  }
  std::printf("pipeline jobs=%d wall_ms=%.1f cpu_ms=%.1f jobs_per_s_per_core=%.2f "
              "output_bytes=%.0f\n",
              jobs, wall_total / jobs, cpu_total / jobs, 1000.0 * jobs / cpu_total,
              output_bytes / jobs);
  std::printf("steps");
  for (const auto& step : order)
    std::printf(" %s=%.1f", step.c_str(), step_ms[step] / jobs);
  std::printf("\n");
  return 0;
}
