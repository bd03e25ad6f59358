#include "actors/imaging/operations/text_template.hpp"

#include "actors/imaging/operations/param_values.hpp"
#include "actors/model/clock.hpp"

namespace imaging::operations {

namespace {

constexpr std::string_view label_prefix = "label:";

model::problem invalid(std::string message) {
  return model::make_problem(model::error_code::invalid_operation, std::move(message));
}

bool is_placeholder(std::string_view name) {
  if (name == "id" || name == "created")
    return true;
  return name.substr(0, label_prefix.size()) == label_prefix &&
         model::is_label_key(name.substr(label_prefix.size()));
}

// Walks `text`, handing each literal run to `literal` and each placeholder
// name (without braces) to `placeholder`; stops at the first problem.
template<class Literal, class Placeholder>
model::status scan(std::string_view text, Literal&& literal, Placeholder&& placeholder) {
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t brace = text.find_first_of("{}", at);
    literal(text.substr(at, brace == std::string_view::npos ? brace : brace - at));
    if (brace == std::string_view::npos)
      break;
    char kind = text[brace];
    if (brace + 1 < text.size() && text[brace + 1] == kind) {
      literal(text.substr(brace, 1));
      at = brace + 2;
      continue;
    }
    if (kind == '}')
      return invalid("a single } must be written }}");
    std::size_t close = text.find('}', brace);
    std::size_t open = text.find('{', brace + 1);
    if (close == std::string_view::npos || open < close)
      return invalid("a { opens no placeholder (write {{ for a brace)");
    std::string_view name = text.substr(brace + 1, close - brace - 1);
    if (!is_placeholder(name))
      return invalid("unknown placeholder " + quote_for_message("{" + std::string(name) + "}") +
                     "; known: {id}, {created}, {label:KEY}, and {{ }} for braces");
    placeholder(name);
    at = close + 1;
  }
  return model::ok_status();
}

} // namespace

model::status check_placeholders(std::string_view text) {
  return scan(
      text, [](std::string_view) {}, [](std::string_view) {});
}

bool has_placeholders(std::string_view text) {
  bool found = false;
  scan(
      text, [](std::string_view) {}, [&found](std::string_view) { found = true; });
  return found;
}

std::string fill_placeholders(std::string_view text, const operation_context& context) {
  std::string filled;
  scan(
      text, [&filled](std::string_view part) { filled += part; },
      [&](std::string_view name) {
        if (name == "id") {
          filled += context.image_id;
        } else if (name == "created") {
          if (context.created_ms != 0)
            filled += model::format_rfc3339(context.created_ms);
        } else {
          auto label = context.labels.find(std::string(name.substr(label_prefix.size())));
          if (label != context.labels.end())
            filled += label->second;
        }
      });
  return filled;
}

} // namespace imaging::operations
