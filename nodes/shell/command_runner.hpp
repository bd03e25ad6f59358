#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "actors/model/problem.hpp"

namespace shell {

class inspector_session;

/// Runs command lines: the head's commands through the session, help and
/// watch here. Answers go to `out` (tables, or JSON with `json`), problems
/// to `err` as one line "caf-shell: MESSAGE".
class command_runner {
public:
  command_runner(inspector_session& session, bool json, std::ostream& out, std::ostream& err);

  /// Runs one line; blank lines do nothing. Returns false when it failed.
  bool run_line(const std::string& line);

  /// Ids of the newest images (for completion); empty when the head does
  /// not answer.
  std::vector<std::string> image_ids();
  /// Ids of the nodes the head knows (for completion).
  std::vector<std::string> node_ids();

private:
  /// Runs a command on the head and prints its answer.
  model::status show(const std::vector<std::string>& command);
  std::vector<std::string> column_of(const std::vector<std::string>& command,
                                     const std::string& table, const std::string& column);

  inspector_session& session_;
  bool json_;
  std::ostream& out_;
  std::ostream& err_;
};

} // namespace shell
