#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace shell {

/// Completion candidates for the word at the cursor, given the words
/// before it.
using completer = std::function<std::vector<std::string>(const std::vector<std::string>& before)>;

/// The interactive prompt, on libedit: line editing, history (up arrow)
/// and tab completion. One per process (libedit keeps global state).
class line_editor {
public:
  line_editor(std::string prompt, completer complete);
  ~line_editor();

  line_editor(const line_editor&) = delete;
  line_editor& operator=(const line_editor&) = delete;

  /// The next line (added to the history when not blank); nullopt at end
  /// of input (Ctrl-D).
  std::optional<std::string> read_line();

private:
  std::string prompt_;
  completer complete_;
};

} // namespace shell
