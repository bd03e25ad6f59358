#pragma once

// The hostile corpus (corpus/MANIFEST and the files it lists).

#include <string>
#include <vector>

namespace security_test {

struct corpus_entry {
  std::string file;
  long upload_status = 0;
  std::string upload_code; // "-" when accepted
  std::string resize;      // "done", "failed:<code>" or "-"
};

/// The entries of corpus/MANIFEST in order. Throws std::runtime_error for a
/// malformed line.
std::vector<corpus_entry> read_manifest();

/// The names of the files in the corpus folder, sorted, without MANIFEST
/// and generate.sh.
std::vector<std::string> corpus_file_names();

/// The bytes of corpus file `name`. Throws std::runtime_error when it
/// cannot be read.
std::string corpus_file(const std::string& name);

} // namespace security_test
