#pragma once

// The declaration of every image operation: its name, a one-line summary
// and its parameters (name, type, range). The text parser, the JSON parser,
// the /v1/operations catalog and the docs all read this one declaration.

#include <string>
#include <string_view>
#include <vector>

namespace imaging {

enum class param_type { integer, number, choice };

const char* to_string(param_type type) noexcept;

struct param_spec {
  std::string name; // JSON key, e.g. "width"
  param_type type = param_type::integer;
  double min = 0;                   // inclusive; integer and number only
  double max = 0;                   // inclusive; integer and number only
  std::vector<std::string> choices; // choice only, lower case
  std::string description;
};

struct operation_spec {
  std::string name;               // e.g. "resize"
  std::string summary;            // one line
  std::vector<param_spec> params; // all required, in text-form order
};

/// All operations, in a stable order (the order of the docs).
const std::vector<operation_spec>& operation_catalog();

/// The operation called `name`, or nullptr.
const operation_spec* find_operation(std::string_view name) noexcept;

} // namespace imaging
