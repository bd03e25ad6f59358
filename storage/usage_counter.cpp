#include "storage/usage_counter.hpp"

namespace storage {

namespace {

std::string encode_fixed64(std::uint64_t value) {
  std::string bytes(8, '\0');
  for (auto& byte : bytes) {
    byte = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  return bytes;
}

class usage_counter_operator : public rocksdb::AssociativeMergeOperator {
public:
  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existing_value,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* logger) const override {
    std::uint64_t total = 0;
    if (existing_value != nullptr) {
      auto existing = decode_counter(existing_value->ToStringView());
      if (!existing)
        return false; // RocksDB reports this as corruption
      total = *existing;
    }
    auto delta = decode_counter(value.ToStringView());
    if (!delta)
      return false;
    *new_value = encode_fixed64(total + *delta);
    return true;
  }

  const char* Name() const override {
    return "storage.usage_counter";
  }
};

} // namespace

std::shared_ptr<rocksdb::MergeOperator> make_usage_counter_operator() {
  return std::make_shared<usage_counter_operator>();
}

std::string encode_counter_delta(std::int64_t delta) {
  return encode_fixed64(static_cast<std::uint64_t>(delta));
}

std::optional<std::uint64_t> decode_counter(std::string_view value) {
  if (value.size() != 8)
    return std::nullopt;
  std::uint64_t result = 0;
  for (int i = 7; i >= 0; --i)
    result = (result << 8) | static_cast<unsigned char>(value[i]);
  return result;
}

} // namespace storage
