// The idempotency claims of rocksdb_image_store: lookups, the claim parts of
// the write batches, and purging expired claims. A claim and its entry in
// the expiry index are always written and deleted in the same batch.

#include <rocksdb/write_batch.h>

#include "storage/rocksdb_image_store.hpp"
#include "storage/storage_errors.hpp"

namespace storage {

namespace {

bool is_live(const claim_record& claim, std::int64_t now_ms) {
  return now_ms < claim.expires_ms;
}

std::string describe_holder(const claim_record& claim) {
  if (claim.version == 0)
    return "image " + claim.image;
  return "version " + std::to_string(claim.version) + " of image " + claim.image;
}

} // namespace

model::outcome<std::optional<std::string>> rocksdb_image_store::find_upload(const std::string& key,
                                                                            std::int64_t now_ms) {
  if (auto valid = check_idempotency_key(key); !valid)
    return valid.error();
  auto claim = find_live_claim(keys::upload_claim_key(key), now_ms);
  if (!claim)
    return claim.error();
  if (!*claim)
    return std::optional<std::string>();
  return std::optional<std::string>(std::move((*claim)->image));
}

model::outcome<std::optional<std::uint32_t>>
rocksdb_image_store::find_command(const std::string& id, const std::string& key,
                                  std::int64_t now_ms) {
  if (auto valid = check_image_id(id); !valid)
    return valid.error();
  if (auto valid = check_idempotency_key(key); !valid)
    return valid.error();
  auto claim = find_live_claim(keys::command_claim_key(id, key), now_ms);
  if (!claim)
    return claim.error();
  if (!*claim)
    return std::optional<std::uint32_t>();
  return std::optional<std::uint32_t>((*claim)->version);
}

model::outcome<std::size_t> rocksdb_image_store::purge_expired_keys(std::int64_t now_ms,
                                                                    std::size_t max) {
  if (max == 0)
    return model::make_problem(model::error_code::invalid_request, "max must be at least 1");
  std::unique_ptr<rocksdb::Iterator> expiries(
      db_->NewIterator({}, family(keys::idempotency_family)));
  std::size_t removed = 0;
  // The index sorts by expiry: the scan stops at the first live claim.
  for (expiries->Seek(keys::expiry_prefix);
       expiries->Valid() && expiries->key().starts_with(keys::expiry_prefix) && removed < max;
       expiries->Next()) {
    auto entry = keys::parse_expiry_key(expiries->key().ToStringView());
    if (!entry)
      return model::make_problem(model::error_code::internal_error,
                                 "stored idempotency expiry key is corrupt");
    if (entry->expires_ms > now_ms)
      break;
    auto purged = purge_claim(*entry);
    if (!purged)
      return purged.error();
    removed += *purged ? 1 : 0;
  }
  if (!expiries->status().ok())
    return storage_failure("purge expired idempotency keys", expiries->status());
  return removed;
}

model::outcome<std::optional<claim_record>>
rocksdb_image_store::read_claim(const std::string& claim_key) {
  auto value = get(keys::idempotency_family, claim_key, {}, "read an idempotency key");
  if (!value)
    return value.error();
  if (!*value)
    return std::optional<claim_record>();
  auto claim = decode_claim(**value);
  if (!claim)
    return claim.error();
  return std::optional<claim_record>(std::move(*claim));
}

model::outcome<std::optional<claim_record>>
rocksdb_image_store::find_live_claim(const std::string& claim_key, std::int64_t now_ms) {
  auto claim = read_claim(claim_key);
  if (claim && *claim && !is_live(**claim, now_ms))
    return std::optional<claim_record>();
  return claim;
}

model::status rocksdb_image_store::stage_claim(rocksdb::WriteBatch& batch,
                                               const std::string& claim_key,
                                               const idempotency_claim& claim,
                                               const std::string& image, std::uint32_t version) {
  auto stored = read_claim(claim_key);
  if (!stored)
    return stored.error();
  if (*stored) {
    if (is_live(**stored, claim.now_ms))
      return model::make_problem(model::error_code::conflict,
                                 "idempotency key already used for " + describe_holder(**stored));
    stage_claim_deletion(batch, claim_key, (*stored)->expires_ms);
  }
  batch.Put(family(keys::idempotency_family), claim_key,
            encode_claim({image, version, claim.expires_ms}));
  batch.Put(family(keys::idempotency_family), keys::expiry_key(claim.expires_ms, claim_key),
            rocksdb::Slice());
  return model::ok_status();
}

void rocksdb_image_store::stage_claim_deletion(rocksdb::WriteBatch& batch,
                                               std::string_view claim_key,
                                               std::int64_t expires_ms) {
  batch.Delete(family(keys::idempotency_family), claim_key);
  batch.Delete(family(keys::idempotency_family), keys::expiry_key(expires_ms, claim_key));
}

model::status
rocksdb_image_store::stage_claims_removal(rocksdb::WriteBatch& batch, const std::string& id,
                                          std::unique_lock<std::mutex>& upload_guard) {
  std::unique_ptr<rocksdb::Iterator> claims(db_->NewIterator({}, family(keys::idempotency_family)));
  auto prefix = keys::command_claims_prefix(id);
  for (claims->Seek(prefix); claims->Valid() && claims->key().starts_with(prefix); claims->Next()) {
    auto claim = decode_claim(claims->value().ToStringView());
    if (!claim)
      return claim.error();
    stage_claim_deletion(batch, claims->key().ToStringView(), claim->expires_ms);
  }
  if (!claims->status().ok())
    return storage_failure("read the idempotency keys of image " + id, claims->status());

  auto upload_key = get(keys::idempotency_family, keys::image_upload_key(id), {},
                        "read the idempotency key of image " + id);
  if (!upload_key)
    return upload_key.error();
  if (!*upload_key)
    return model::ok_status();
  batch.Delete(family(keys::idempotency_family), keys::image_upload_key(id));
  auto claim_key = keys::upload_claim_key(**upload_key);
  upload_guard = std::unique_lock<std::mutex>(upload_claim_lock(claim_key));
  auto stored = read_claim(claim_key);
  if (!stored)
    return stored.error();
  // The claim may have expired and been purged, or replaced by the claim of
  // a later upload: only this image's own claim goes.
  if (*stored && (*stored)->image == id)
    stage_claim_deletion(batch, claim_key, (*stored)->expires_ms);
  return model::ok_status();
}

model::outcome<bool> rocksdb_image_store::purge_claim(const keys::expiry_entry& entry) {
  std::string claim_key(entry.claim_key);
  std::lock_guard<std::mutex> guard(claim_lock(claim_key));
  auto stored = read_claim(claim_key);
  if (!stored)
    return stored.error();
  // Since the scan saw the entry, a delete_image may have removed the claim.
  bool current = *stored && (*stored)->expires_ms == entry.expires_ms;
  rocksdb::WriteBatch batch;
  if (current)
    stage_claim_deletion(batch, claim_key, entry.expires_ms);
  else
    batch.Delete(family(keys::idempotency_family), keys::expiry_key(entry.expires_ms, claim_key));
  // Not synced: a purge lost in a crash is repeated by the next one.
  if (auto written = commit(batch, "purge expired idempotency keys", false); !written)
    return written.error();
  return current;
}

} // namespace storage
