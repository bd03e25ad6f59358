#include "nodes/shell/table_view.hpp"

#include <algorithm>
#include <vector>

namespace shell {

namespace {

using document = nlohmann::ordered_json;

std::string cell_text(const document& value) {
  if (value.is_string())
    return value.get<std::string>();
  if (value.is_null())
    return "";
  return value.dump();
}

bool is_table(const document& value) {
  return value.is_array() && std::all_of(value.begin(), value.end(),
                                         [](const document& row) { return row.is_object(); });
}

std::string table(const std::string& name, const document& rows) {
  if (rows.empty())
    return "(no " + name + ")\n";
  std::vector<std::string> columns;
  for (const auto& [column, value] : rows.front().items())
    columns.push_back(column);
  std::vector<std::size_t> widths;
  for (const auto& column : columns) {
    auto width = column.size();
    for (const auto& row : rows)
      width = std::max(width, cell_text(row.value(column, document{})).size());
    widths.push_back(width);
  }
  auto line = [&](auto cell_of, auto right_aligned) {
    std::string text;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      auto cell = cell_of(i);
      auto padding = std::string(widths[i] - cell.size(), ' ');
      bool last = i + 1 == columns.size();
      text += right_aligned(i) ? padding + cell : cell + (last ? "" : padding);
      if (!last)
        text += "  ";
    }
    // An empty last cell leaves the separator behind.
    text.erase(text.find_last_not_of(' ') + 1);
    return text + "\n";
  };
  auto numeric = [&](const document& row, std::size_t i) {
    return row.value(columns[i], document{}).is_number();
  };
  auto text = line([&](std::size_t i) { return columns[i]; },
                   [&](std::size_t i) { return numeric(rows.front(), i); });
  for (const auto& row : rows)
    text += line([&](std::size_t i) { return cell_text(row.value(columns[i], document{})); },
                 [&](std::size_t i) { return numeric(row, i); });
  return text;
}

} // namespace

std::string table_view(const document& answer) {
  std::string scalars;
  std::string tables;
  for (const auto& [name, value] : answer.items()) {
    if (is_table(value)) {
      tables += (tables.empty() ? "" : "\n") + table(name, value);
      continue;
    }
    scalars += name + ": " + cell_text(value) + "\n";
  }
  if (!scalars.empty() && !tables.empty())
    scalars += "\n";
  return scalars + tables;
}

} // namespace shell
