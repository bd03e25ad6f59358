#pragma once

// The processes behind a running node, read from /proc: the worker child
// processes a head starts (worker.isolation=process), and the disk its
// storage takes.

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace reliability {

/// The worker child process `<head_id>.w<index>` of the head process
/// `head`, found among the head's children by its --node.id argument (other
/// tests on this machine may run heads of the same name). nullopt while it
/// does not run: between its death and its restart.
std::optional<pid_t> worker_process(pid_t head, const std::string& head_id, unsigned index);

/// The processes that have `argument` among their arguments: e.g. the
/// worker processes of a head, which name its cluster port, found even
/// after they outlived it.
std::vector<pid_t> processes_with_argument(const std::string& argument);

/// Sends `signal` to `pid`; throws std::runtime_error when it cannot.
void send_signal(pid_t pid, int signal);

/// The sum of the sizes of the regular files under `folder`: what a store
/// takes on disk. Files that vanish while they are counted (RocksDB deletes
/// obsolete ones at any time) count as 0.
std::uintmax_t bytes_under(const std::filesystem::path& folder);

} // namespace reliability
