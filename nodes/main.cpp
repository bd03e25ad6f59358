// caf-node: one binary for every machine of the image service.

#include <iostream>
#include <string>
#include <vector>

#include <malloc.h>

#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>

#include "actors/protocol.hpp"
#include "nodes/head_node.hpp"
#include "nodes/logging.hpp"
#include "nodes/node_config.hpp"
#include "nodes/shutdown_signal.hpp"
#include "nodes/worker_node.hpp"

int main(int argc, char** argv) {
  // Image buffers of several MB come and go with every request. Served by
  // mmap, each one cost page faults, zeroing and munmap: a quarter of the
  // CPU per 12 MP photo. They come from the heap instead, and freed memory
  // stays there for the next request; two arenas bound what is kept.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 32 << 20);
  mallopt(M_ARENA_MAX, 2);
  nodes::block_shutdown_signals();
  nodes::node_config cfg;
  actors::announce_protocol(cfg);
  cfg.load<caf::io::middleman>();
  cfg.load<caf::openssl::manager>();
  // CAF's --help shows only its global options (ours are in every section)
  // and names its own default config file.
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if (argument == "--help" || argument == "-h" || argument == "-?" ||
        argument == "--long-help") {
      std::cout << "Usage: caf-node [--SECTION.OPTION=VALUE]...\n\n" << cfg.help_text();
      return 0;
    }
  }
  auto problems = cfg.read_options(argc, argv);
  if (cfg.help_printed())
    return 0;
  if (!problems.empty()) {
    for (const auto& problem : problems)
      std::cerr << "caf-node: " << problem << "\n";
    std::cerr << "caf-node: not started; see caf-node --help and config/caf-node.ini\n";
    return 2;
  }
  nodes::setup_logging(cfg.log_level, cfg.effective_node_id());
  if (cfg.role == "worker")
    return nodes::run_worker(cfg);
  return nodes::run_head(cfg);
}
