#include "actors/service/profiles.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "actors/imaging/operation_parser.hpp"

namespace actors {

namespace fs = std::filesystem;

model::outcome<std::vector<profile>> load_profiles(const std::string& directory) {
  std::vector<profile> profiles;
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    return profiles;
  for (const auto& entry : fs::directory_iterator(directory, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".ops")
      continue;
    std::ifstream file(entry.path());
    std::stringstream text;
    text << file.rdbuf();
    if (!file)
      return model::problem{model::error_code::unavailable,
                            "cannot read profile " + entry.path().string()};
    auto ops = imaging::parse_operations_text(text.str());
    if (!ops)
      return model::problem{ops.error().code,
                            "profile " + entry.path().string() + ": " + ops.error().message};
    profiles.push_back(profile{entry.path().stem().string(), std::move(ops).value()});
  }
  if (ec)
    return model::problem{model::error_code::unavailable,
                          "cannot list profiles in " + directory + ": " + ec.message()};
  std::sort(profiles.begin(), profiles.end(),
            [](const profile& a, const profile& b) { return a.name < b.name; });
  return profiles;
}

} // namespace actors
