#include "nodes/shell/command_runner.hpp"

#include <ostream>

#include <nlohmann/json.hpp>

#include "nodes/shell/command_catalog.hpp"
#include "nodes/shell/inspector_session.hpp"
#include "nodes/shell/table_view.hpp"
#include "nodes/shell/watch.hpp"

namespace shell {

namespace {

/// How many image ids completion offers from.
constexpr const char* completion_image_count = "200";

} // namespace

command_runner::command_runner(inspector_session& session, bool json, std::ostream& out,
                               std::ostream& err)
    : session_(session), json_(json), out_(out), err_(err) {}

bool command_runner::run_line(const std::string& line) {
  auto command = split_words(line);
  if (command.empty())
    return true;
  const auto& name = command[0];
  if (name == "help") {
    out_ << help_text() << std::flush;
    return true;
  }
  auto shown = name == "watch"
                   ? watch([this](const std::string& view) { return show({view}); }, out_)
                   : show(command);
  if (!shown)
    err_ << "caf-shell: " << shown.error().message << std::endl;
  return shown.ok();
}

model::status command_runner::show(const std::vector<std::string>& command) {
  auto answer = session_.run(command);
  if (!answer)
    return std::move(answer).error();
  if (json_)
    out_ << *answer << std::endl;
  else
    out_ << table_view(nlohmann::ordered_json::parse(*answer)) << std::flush;
  return model::ok_status();
}

std::vector<std::string> command_runner::column_of(const std::vector<std::string>& command,
                                                   const std::string& table,
                                                   const std::string& column) {
  std::vector<std::string> values;
  auto answer = session_.run(command);
  if (!answer)
    return values;
  auto document = nlohmann::json::parse(*answer, nullptr, false);
  if (!document.is_object() || !document[table].is_array())
    return values;
  for (const auto& row : document[table])
    values.push_back(row.value(column, std::string{}));
  return values;
}

std::vector<std::string> command_runner::image_ids() {
  return column_of({"images", completion_image_count}, "images", "id");
}

std::vector<std::string> command_runner::node_ids() {
  return column_of({"nodes"}, "nodes", "id");
}

} // namespace shell
