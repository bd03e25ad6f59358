// operations_doc: prints the README's table of image operations, read from
// the operation catalog (and its syntax from the catalog JSON that
// GET /v1/operations serves), so that the docs cannot say anything the
// parsers do not accept. Exits 1 (with a message on stderr) when an operation has
// parameters but no example here, or an example does not parse or names no
// operation.
//
// Usage: operations_doc > table.md   (see operations_section.sh)

#include <iostream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "actors/imaging/operation_catalog.hpp"
#include "actors/imaging/operation_parser.hpp"
#include "actors/imaging/operations/param_values.hpp"
#include "http/views/json_views.hpp"

namespace {

// One example per operation with parameters, in the text form. Each goes
// through the real text parser and its JSON form is made by the real
// serializer, so the JSON column shows what the API accepts.
const std::map<std::string, std::string> examples = {
    {"annotate", "annotate \"{id} {created}\" southwest 18 yellow"},
    {"blur", "blur 1.5"},
    {"brightness", "brightness 110"},
    {"crop", "crop 800 600 center"},
    {"extend", "extend 1024 768 north black"},
    {"format", "format webp lossless"},
    {"gamma", "gamma 1.2"},
    {"quality", "quality 85"},
    {"resize", "resize 1024 768"},
    {"rotate", "rotate 90"},
    {"sharpen", "sharpen 0.8"},
    {"thumbnail", "thumbnail 256 256"},
    {"threshold", "threshold 50"},
    {"trim", "trim 5"},
    {"watermark", "watermark 01JEXR2N5Q8W3K9ZC7VHT4MBAD southeast 40"},
};

// Markdown table cells end at '|'; operation texts never contain one today,
// but a summary that does must not break the table.
std::string cell(const std::string& text) {
  std::string escaped;
  for (char c : text)
    escaped += c == '|' ? std::string("\\|") : std::string(1, c);
  return escaped;
}

// The JSON form with "op" first and the given parameters in declaration
// order, as a person would write it (nlohmann's objects sort their keys).
std::string json_example(const imaging::operation_spec& operation, const model::op_call& call) {
  auto sorted = imaging::operation_to_json(call);
  std::string json = "{\"op\":" + nlohmann::json(operation.name).dump();
  for (const auto& param : operation.params)
    if (sorted.contains(param.name))
      json += ",\"" + param.name + "\":" + sorted.at(param.name).dump();
  return json + "}";
}

std::string params_of(const imaging::operation_spec& operation) {
  if (operation.params.empty())
    return "none";
  std::string text;
  for (const auto& param : operation.params) {
    if (!text.empty())
      text += "<br>";
    text += "`" + param.name + "`" +
            (param.default_value.empty() ? param.optional ? " (optional)" : ""
                                         : " (default " + param.default_value + ")") +
            ": " + imaging::operations::expectation(param) + ". " + param.description;
  }
  return text;
}

} // namespace

int main() {
  for (const auto& [name, example] : examples) {
    if (!imaging::find_operation(name)) {
      std::cerr << "operations_doc: an example names \"" << name
                << "\", which is not in the catalog; remove it\n";
      return 1;
    }
  }
  std::cout << "| Operation | Text form | JSON example | Parameters | What it does |\n"
            << "|---|---|---|---|---|\n";
  const auto& catalog = imaging::operation_catalog();
  // The text form's syntax exactly as GET /v1/operations serves it.
  const auto served = http_api::catalog_json(catalog).at("operations");
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    const auto& operation = catalog[i];
    auto example = examples.find(operation.name);
    if (!operation.params.empty() && example == examples.end()) {
      std::cerr << "operations_doc: no example for \"" << operation.name
                << "\"; add one to tests/docs/operations_doc.cpp\n";
      return 1;
    }
    auto parsed = imaging::parse_operations_text(example == examples.end() ? operation.name
                                                                           : example->second);
    if (!parsed) {
      std::cerr << "operations_doc: the example of \"" << operation.name
                << "\" does not parse: " << parsed.error().message << "\n";
      return 1;
    }
    std::cout << "| `" << operation.name << "` | `" << served[i].at("syntax").get<std::string>()
              << "` | `" << json_example(operation, parsed->front()) << "` | "
              << cell(params_of(operation)) << " | " << cell(operation.summary) << " |\n";
  }
  return 0;
}
