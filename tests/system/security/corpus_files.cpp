#include "tests/system/security/corpus_files.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace security_test {

namespace {

const std::filesystem::path corpus_dir = CORPUS_DIR;

} // namespace

std::string corpus_file(const std::string& name) {
  std::ifstream file(corpus_dir / name, std::ios::binary);
  if (!file)
    throw std::runtime_error("cannot read corpus file " + name);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::vector<corpus_entry> read_manifest() {
  std::istringstream lines(corpus_file("MANIFEST"));
  std::vector<corpus_entry> entries;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() == '#')
      continue;
    std::istringstream fields(line);
    corpus_entry entry;
    if (!(fields >> entry.file >> entry.upload_status >> entry.upload_code >> entry.resize))
      throw std::runtime_error("corpus MANIFEST: malformed line: " + line);
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<std::string> corpus_file_names() {
  std::vector<std::string> names;
  for (const auto& file : std::filesystem::directory_iterator(corpus_dir)) {
    auto name = file.path().filename().string();
    if (name != "MANIFEST" && name != "generate.sh")
      names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace security_test
