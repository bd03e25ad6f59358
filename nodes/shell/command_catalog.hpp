#pragma once

// The commands of caf-shell, declared once: help and completion read this
// list (the README's table repeats it for readers).

#include <string>
#include <vector>

namespace shell {

struct command_entry {
  std::string name;
  std::string arguments; // as shown in help, e.g. "[N]"
  std::string summary;
  bool local = false; // handled by the shell itself, not sent to the head
};

const std::vector<command_entry>& command_catalog();

/// One line per command: "name arguments  summary", aligned.
std::string help_text();

/// The words of a command line, split at whitespace.
std::vector<std::string> split_words(const std::string& line);

} // namespace shell
