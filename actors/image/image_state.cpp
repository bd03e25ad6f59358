#include "actors/image/image_state.hpp"

#include <stdexcept>
#include <string>

#include "actors/model/clock.hpp"
#include "actors/service/problem_error.hpp"

namespace actors {

using model::version_status;

bool is_settled(const model::version_record& version) {
  return version.status == version_status::done || version.status == version_status::failed;
}

caf::error image_not_found(const image_state& state) {
  return to_error(model::error_code::not_found, "image " + state.record.id + " not found");
}

model::version_record* find_version(image_state& state, std::uint32_t number) {
  if (number == 0 || number > state.record.versions.size())
    return nullptr;
  return &state.record.versions[number - 1];
}

model::version_record& version_at(image_state& state, std::uint32_t number) {
  auto* version = find_version(state, number);
  if (version == nullptr || version->number != number)
    throw std::logic_error("image " + state.record.id + " has no consistent version " +
                           std::to_string(number));
  return *version;
}

std::uint32_t latest_done_before(const image_state& state, std::uint32_t before) {
  for (auto number = before; number > 1; --number)
    if (state.record.versions[number - 2].status == version_status::done)
      return number - 1;
  return 0;
}

bool is_idle(const image_state& state) {
  if (state.running || !state.waiters.empty())
    return false;
  for (const auto& version : state.record.versions)
    if (version.status == version_status::queued)
      return false;
  return true;
}

void count_held_versions(image_state& state) {
  std::uint64_t queued = 0;
  if (!state.deleted)
    for (const auto& version : state.record.versions)
      queued += version.status == version_status::queued ? 1 : 0;
  state.held.update(queued);
}

storage::idempotency_claim claim_of(const image_state& state, const std::string& key) {
  storage::idempotency_claim claim;
  claim.key = key;
  claim.now_ms = model::now_ms();
  claim.expires_ms = claim.now_ms + state.settings.idempotency_ttl.count();
  return claim;
}

stored_bytes_identity identity_of(image_state& state, std::uint32_t number) {
  if (number == 0)
    return {state.record.format, state.record.sha256};
  const auto& output = version_at(state, number).output;
  return {output.format, output.sha256};
}

model::outcome<std::string> read_stored_bytes(image_state& state, std::uint32_t number) {
  auto& store = *state.settings.store;
  return number == 0 ? store.read_original(state.record.id)
                     : store.read_version(state.record.id, number);
}

model::outcome<const storage::stored_file*> located_file(image_state& state, std::uint32_t number) {
  auto known = state.located.find(number);
  if (known != state.located.end())
    return &known->second;
  auto located = state.settings.store->locate(state.record.id, number);
  if (!located)
    return located.error();
  if (!*located)
    return static_cast<const storage::stored_file*>(nullptr);
  return &state.located.emplace(number, std::move(**located)).first->second;
}

} // namespace actors
