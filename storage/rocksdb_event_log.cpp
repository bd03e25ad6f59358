// The outbox of image events and the webhooks (event_log.hpp) in the
// events family.

#include <algorithm>

#include <rocksdb/write_batch.h>

#include "actors/model/clock.hpp"
#include "storage/event_codec.hpp"
#include "storage/rocksdb_image_store.hpp"
#include "storage/storage_errors.hpp"

namespace storage {

model::status rocksdb_image_store::start_events() {
  auto stored = get(keys::default_family, std::string(keys::opens_key), {}, "read the open count");
  if (!stored)
    return stored.error();
  std::uint64_t opens = 0;
  if (*stored) {
    try {
      opens = std::stoull(**stored);
    } catch (const std::exception&) {
      return model::make_problem(model::error_code::internal_error,
                                 "stored open count \"" + **stored + "\" is corrupt");
    }
  }
  ++opens;
  rocksdb::WriteBatch batch;
  batch.Put(family(keys::default_family), keys::opens_key, std::to_string(opens));
  // Synced: ids of this open must never be given out again.
  if (auto committed = commit(batch, "count the opens"); !committed)
    return committed;
  event_ids_ = std::make_unique<event_sequence>(opens);
  return model::ok_status();
}

event_sequence::ticket rocksdb_image_store::stage_event(rocksdb::WriteBatch& batch,
                                                        model::event_type type,
                                                        const model::image_record& image,
                                                        const model::version_record* version) {
  auto ticket = event_ids_->take();
  model::image_event event;
  event.type = type;
  event.time_ms = model::now_ms();
  event.image = image;
  event.image.versions.clear();
  if (version != nullptr)
    event.version = *version;
  batch.Put(family(keys::events_family), keys::event_key(ticket.id()), encode_event(event));
  return ticket;
}

model::outcome<std::vector<model::image_event>>
rocksdb_image_store::events_after(const std::string& after, std::size_t limit) {
  // The bound first: what commits after it is read next time.
  auto bound = keys::event_key(event_ids_->readable());
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, family(keys::events_family)));
  std::vector<model::image_event> events;
  auto start = keys::event_key(after);
  it->Seek(start);
  if (!after.empty() && it->Valid() && it->key() == start)
    it->Next();
  for (; it->Valid() && events.size() < limit; it->Next()) {
    auto key = it->key().ToStringView();
    if (key.substr(0, keys::event_prefix.size()) != keys::event_prefix || key >= bound)
      break;
    auto event = decode_event(key.substr(keys::event_prefix.size()), it->value().ToStringView());
    if (!event)
      return event.error();
    events.push_back(std::move(*event));
  }
  if (!it->status().ok())
    return storage_failure("read events", it->status());
  return events;
}

model::outcome<std::string> rocksdb_image_store::newest_event_id() {
  auto bound = keys::event_key(event_ids_->readable());
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, family(keys::events_family)));
  it->SeekForPrev(bound);
  if (it->Valid() && it->key() == bound)
    it->Prev();
  if (!it->status().ok())
    return storage_failure("read events", it->status());
  if (!it->Valid() || !it->key().starts_with(keys::event_prefix))
    return std::string();
  return it->key().ToString().substr(keys::event_prefix.size());
}

model::outcome<std::size_t> rocksdb_image_store::forget_events(const std::string& up_to,
                                                               std::int64_t before_ms,
                                                               std::size_t max) {
  if (up_to.empty())
    return std::size_t{0};
  auto last = keys::event_key(up_to);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, family(keys::events_family)));
  rocksdb::WriteBatch batch;
  std::size_t removed = 0;
  for (it->Seek(keys::event_prefix); it->Valid() && removed < max; it->Next()) {
    auto key = it->key().ToStringView();
    if (key.substr(0, keys::event_prefix.size()) != keys::event_prefix || key > last)
      break;
    auto event = decode_event(key.substr(keys::event_prefix.size()), it->value().ToStringView());
    if (!event)
      return event.error();
    if (event->time_ms >= before_ms)
      break; // ids follow commit order, times nearly so: the rest is newer
    batch.Delete(family(keys::events_family), key);
    ++removed;
  }
  if (!it->status().ok())
    return storage_failure("read events", it->status());
  if (auto committed = commit(batch, "forget events", false); !committed)
    return committed.error();
  return removed;
}

model::status rocksdb_image_store::add_webhook(const model::webhook& hook) {
  std::lock_guard<std::mutex> guard(webhooks_lock_);
  auto key = keys::webhook_key(hook.id);
  auto existing = get(keys::events_family, key, {}, "read webhook " + hook.id);
  if (!existing)
    return existing.error();
  if (*existing)
    return model::make_problem(model::error_code::conflict, "webhook " + hook.id + " exists");
  rocksdb::WriteBatch batch;
  batch.Put(family(keys::events_family), key, encode_webhook(hook));
  return commit(batch, "add webhook " + hook.id);
}

model::status rocksdb_image_store::delete_webhook(const std::string& id) {
  std::lock_guard<std::mutex> guard(webhooks_lock_);
  auto key = keys::webhook_key(id);
  auto existing = get(keys::events_family, key, {}, "read webhook " + id);
  if (!existing)
    return existing.error();
  if (!*existing)
    return model::make_problem(model::error_code::not_found, "no webhook " + id);
  rocksdb::WriteBatch batch;
  batch.Delete(family(keys::events_family), key);
  batch.Delete(family(keys::events_family), keys::delivery_key(id));
  return commit(batch, "delete webhook " + id);
}

model::outcome<std::vector<model::webhook>> rocksdb_image_store::webhooks() {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator({}, family(keys::events_family)));
  std::vector<model::webhook> hooks;
  for (it->Seek(keys::webhook_prefix); it->Valid() && it->key().starts_with(keys::webhook_prefix);
       it->Next()) {
    auto hook = decode_webhook(it->value().ToStringView());
    if (!hook)
      return hook.error();
    hooks.push_back(std::move(*hook));
  }
  if (!it->status().ok())
    return storage_failure("read webhooks", it->status());
  std::sort(hooks.begin(), hooks.end(), [](const auto& a, const auto& b) {
    return a.created_ms != b.created_ms ? a.created_ms < b.created_ms : a.id < b.id;
  });
  return hooks;
}

model::status rocksdb_image_store::put_delivery_state(const std::string& id,
                                                      const model::delivery_state& state) {
  rocksdb::WriteBatch batch;
  batch.Put(family(keys::events_family), keys::delivery_key(id), encode_delivery_state(state));
  return commit(batch, "record the deliveries of webhook " + id, false);
}

model::outcome<std::optional<model::delivery_state>>
rocksdb_image_store::delivery_state(const std::string& id) {
  auto value =
      get(keys::events_family, keys::delivery_key(id), {}, "read the deliveries of webhook " + id);
  if (!value)
    return value.error();
  if (!*value)
    return std::optional<model::delivery_state>();
  auto state = decode_delivery_state(**value);
  if (!state)
    return state.error();
  return std::optional<model::delivery_state>(std::move(*state));
}

} // namespace storage
