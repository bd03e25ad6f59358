// Upload throughput and resident memory of the store:
//   store_bench [images=1000] [bytes=1048576] [threads=1] [directory=system temp]
// Each upload is one create_image with a synced write, as in the service.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "actors/model/clock.hpp"
#include "actors/model/digest.hpp"
#include "actors/model/image_id.hpp"
#include "storage/image_store.hpp"

namespace {

std::string resident_memory() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmRSS:", 0) == 0)
      return line.substr(6);
  return "unknown";
}

std::size_t argument(int argc, char** argv, int index, std::size_t fallback) {
  return argc > index ? std::strtoull(argv[index], nullptr, 10) : fallback;
}

} // namespace

int main(int argc, char** argv) {
  auto images = argument(argc, argv, 1, 1000);
  auto bytes = argument(argc, argv, 2, 1 << 20);
  auto threads = std::max<std::size_t>(1, argument(argc, argv, 3, 1));
  auto parent = argc > 4 ? std::filesystem::path(argv[4]) : std::filesystem::temp_directory_path();
  auto path = parent / ("store-bench-" + std::to_string(::getpid()));

  storage::store_options options;
  options.path = path.string();
  auto store = storage::image_store::open(options);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  model::image_id_generator generator;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < images; ++i)
    ids.push_back(generator.next(model::now_ms()));
  std::string payload(bytes, '\0');
  for (auto& byte : payload)
    byte = static_cast<char>(std::rand());
  // Every image has the same bytes: the store keeps one file for them.
  const auto payload_sha256 = model::sha256_hex(payload);

  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> writers;
  for (std::size_t t = 0; t < threads; ++t)
    writers.emplace_back([&, t] {
      for (auto i = t; i < images; i += threads) {
        model::image_record image;
        image.id = ids[i];
        image.bytes = payload.size();
        image.sha256 = payload_sha256;
        if (auto written = (*store)->create_image(image, payload); !written)
          std::fprintf(stderr, "%s\n", written.error().message.c_str());
      }
    });
  for (auto& writer : writers)
    writer.join();
  std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;

  auto usage = (*store)->usage();
  std::printf("%zu images of %zu bytes, %zu threads: %.1f uploads/s, %.1f MB/s\n", images, bytes,
              threads, images / seconds.count(), images * bytes / seconds.count() / 1e6);
  std::printf("resident memory after storing: %s\n", resident_memory().c_str());
  if (usage)
    std::printf("usage: %llu images, %llu live bytes, %llu disk bytes\n",
                static_cast<unsigned long long>(usage->images),
                static_cast<unsigned long long>(usage->live_bytes),
                static_cast<unsigned long long>(usage->disk_bytes));
  store->reset();
  std::filesystem::remove_all(path);
  return 0;
}
