#include "nodes/shell/line_editor.hpp"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include <cstdio> // editline/readline.h needs FILE
#include <editline/readline.h>

#include "nodes/shell/command_catalog.hpp"

namespace shell {

namespace {

/// The remembered lines; older ones are dropped.
constexpr int history_size = 1000;

// libedit's readline interface calls plain functions: they reach the
// completer and the current matches through these.
const completer* active_completer = nullptr; // the line_editor's own
std::vector<std::string> matches;

char* next_match(const char* /*text*/, int state) {
  if (static_cast<std::size_t>(state) >= matches.size())
    return nullptr;
  // readline frees the returned strings.
  return strdup(matches[static_cast<std::size_t>(state)].c_str());
}

char** complete(const char* text, int start, int /*end*/) {
  rl_attempted_completion_over = 1; // never fall back to file names
  auto before = split_words(std::string(rl_line_buffer, static_cast<std::size_t>(start)));
  std::string prefix = text;
  matches.clear();
  for (auto& candidate : (*active_completer)(before))
    if (candidate.compare(0, prefix.size(), prefix) == 0)
      matches.push_back(std::move(candidate));
  if (matches.empty())
    return nullptr;
  return rl_completion_matches(text, next_match);
}

} // namespace

line_editor::line_editor(std::string prompt, completer complete_word)
    : prompt_(std::move(prompt)), complete_(std::move(complete_word)) {
  if (active_completer != nullptr)
    throw std::logic_error("only one line_editor at a time");
  active_completer = &complete_;
  using_history();
  stifle_history(history_size);
  rl_attempted_completion_function = complete;
}

line_editor::~line_editor() {
  rl_attempted_completion_function = nullptr;
  active_completer = nullptr;
}

std::optional<std::string> line_editor::read_line() {
  char* raw = readline(prompt_.c_str());
  if (raw == nullptr)
    return std::nullopt;
  std::string line = raw;
  std::free(raw);
  if (!split_words(line).empty())
    add_history(line.c_str());
  return line;
}

} // namespace shell
