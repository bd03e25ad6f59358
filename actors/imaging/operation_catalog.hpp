#pragma once

// The declaration of every image operation: its name, a one-line summary
// and its parameters (name, type, range, whether optional, default). The text parser, the JSON
// parser, the /v1/operations catalog and the docs all read this one declaration.

#include <string>
#include <string_view>
#include <vector>

namespace imaging {

enum class param_type { integer, number, choice, size, color, text, image };

const char* to_string(param_type type) noexcept;

/// Percentages a size parameter accepts besides pixels ("50%").
constexpr double min_size_percent = 1;
constexpr double max_size_percent = 100;

struct param_spec {
  std::string name; // JSON key, e.g. "width"
  param_type type = param_type::integer;
  double min = 0;                   // inclusive; integer, number, size (pixels), text (UTF-8 bytes)
  double max = 0;                   // inclusive; same
  std::vector<std::string> choices; // choice, and the color names of color; lower case
  std::string description;
  bool optional = false;
  /// Canonical text of the value an omitted optional parameter takes; empty
  /// when omitting it means "not given" (the operation decides what that
  /// means).
  std::string default_value;
};

struct operation_spec {
  std::string name;    // e.g. "resize"
  std::string summary; // one line
  /// In text-form order: the required parameters, then the optional ones.
  std::vector<param_spec> params;
};

/// All operations, in a stable order (the order of the docs).
const std::vector<operation_spec>& operation_catalog();

/// The text form of an operation, e.g. "crop <width> <height> [<x>] [<y>]
/// [<gravity>]".
std::string syntax_of(const operation_spec& operation);

/// The operation called `name`, or nullptr.
const operation_spec* find_operation(std::string_view name) noexcept;

} // namespace imaging
