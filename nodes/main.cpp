// caf-node: one binary for every machine of the image service.

#include <iostream>
#include <string>
#include <vector>

#include <malloc.h>

#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>

#include "actors/protocol.hpp"
#include "nodes/argument_list.hpp"
#include "nodes/head_node.hpp"
#include "nodes/logging.hpp"
#include "nodes/node_config.hpp"
#include "nodes/shutdown_signal.hpp"
#include "nodes/worker_node.hpp"

int main(int argc, char** argv) {
  // Image buffers of several MB come and go all the time; served from mmap
  // they return to the system when freed instead of staying in the heap.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  nodes::block_shutdown_signals();
  nodes::node_config cfg;
  actors::announce_protocol(cfg);
  cfg.load<caf::io::middleman>();
  cfg.load<caf::openssl::manager>();
  // CAF's --help shows only its global options; ours are in every section.
  std::vector<std::string> arguments(argv, argv + argc);
  for (auto& argument : arguments)
    if (argument == "--help" || argument == "-h")
      argument = "--long-help";
  nodes::argument_list caf_arguments(std::move(arguments));
  auto problems = cfg.read_options(caf_arguments.argc(), caf_arguments.argv());
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
