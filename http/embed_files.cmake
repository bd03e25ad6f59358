# Writes OUTPUT, a C++ source defining http_api::console_assets(): the bytes
# of each file of FILES (a ;-list) with its name and SHA-256, so the binary
# serves the console without files beside it. Run as cmake -P at build time;
# the output depends only on the files' names and contents.
set(entries "")
set(arrays "")
set(index 0)
foreach(path IN LISTS FILES)
  get_filename_component(name "${path}" NAME)
  file(READ "${path}" hex HEX)
  file(SHA256 "${path}" digest)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND arrays "constexpr char asset_${index}[] = {${bytes}'\\0'};\n")
  string(APPEND entries
         "      {\"${name}\", \"${digest}\", std::string_view(asset_${index}, ${size})},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp"
     "// Generated from http/console by http/embed_files.cmake: do not edit.\n"
     "#include \"http/routes/console_assets.hpp\"\n\n"
     "namespace http_api {\n\nnamespace {\n\n${arrays}\n} // namespace\n\n"
     "const std::vector<console_asset>& console_assets() {\n"
     "  static const std::vector<console_asset> assets{\n${entries}  };\n"
     "  return assets;\n}\n\n} // namespace http_api\n")
# Unchanged output keeps its time stamp: nothing recompiles.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
