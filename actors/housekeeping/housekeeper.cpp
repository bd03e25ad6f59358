#include "actors/housekeeping/housekeeper.hpp"

#include <algorithm>

#include <caf/actor_system.hpp>
#include <caf/blocking_actor.hpp>
#include <spdlog/spdlog.h>

#include "actors/housekeeping/reclaim_policy.hpp"
#include "actors/model/clock.hpp"
#include "actors/service/problem_error.hpp"
#include "storage/image_store.hpp"

namespace actors {

namespace {

/// Expired keys removed per pass; the rest go in the next passes.
constexpr std::size_t keys_per_pass = 10'000;
/// Images looked at per retention step.
constexpr std::size_t images_per_step = 100;

void purge_keys(const housekeeping_settings& settings) {
  auto purged = settings.store->purge_expired_keys(model::now_ms(), keys_per_pass);
  if (!purged)
    spdlog::warn("forgetting expired idempotency keys: {}", purged.error().message);
  else if (*purged > 0)
    spdlog::debug("forgot {} expired idempotency keys", *purged);
}

/// Whether retention wants `image` gone, given the bytes still stored.
bool is_expendable(const housekeeping_settings& settings, const storage::image_footprint& image,
                   std::uint64_t stored_bytes, std::int64_t now_ms) {
  if (settings.max_age.count() > 0 && image.created_ms < now_ms - settings.max_age.count())
    return true;
  return settings.max_bytes > 0 && stored_bytes > settings.max_bytes;
}

/// Deletes the oldest images retention wants gone; returns their bytes.
std::uint64_t apply_retention(caf::blocking_actor* self, const housekeeping_settings& settings) {
  auto usage = settings.store->usage();
  if (!usage) {
    spdlog::warn("retention: {}", usage.error().message);
    return 0;
  }
  auto stored_bytes = usage->live_bytes;
  std::uint64_t freed = 0;
  std::size_t deleted = 0;
  auto now = model::now_ms();
  for (bool more = true; more;) {
    auto oldest = settings.store->oldest_images(images_per_step);
    if (!oldest) {
      spdlog::warn("retention: {}", oldest.error().message);
      break;
    }
    more = oldest->size() == images_per_step;
    for (const auto& image : *oldest) {
      if (!is_expendable(settings, image, stored_bytes, now)) {
        more = false;
        break;
      }
      bool gone = false;
      self->request(settings.registry, std::chrono::seconds(30), caf::delete_atom::value, image.id)
          .receive([&](caf::ok_atom) { gone = true; },
                   [&](caf::error& failure) {
                     // Deleted meanwhile by a client is as good as deleted.
                     gone = to_problem(failure).code == model::error_code::not_found;
                     if (!gone)
                       spdlog::warn("retention: deleting image {}: {}", image.id,
                                    to_problem(failure).message);
                   });
      if (!gone) {
        more = false;
        break;
      }
      stored_bytes -= std::min(stored_bytes, image.stored_bytes);
      freed += image.stored_bytes;
      ++deleted;
    }
  }
  if (deleted > 0)
    spdlog::info("retention deleted the {} oldest images ({} bytes)", deleted, freed);
  return freed;
}

/// Gives deleted images' disk space back after retention deleted some, or
/// once the policy finds enough garbage (images deleted by clients).
void reclaim_space(const housekeeping_settings& settings, reclaim_policy& policy,
                   bool retention_deleted) {
  auto usage = settings.store->usage();
  if (!usage) {
    spdlog::warn("measuring the store: {}", usage.error().message);
    return;
  }
  if (!retention_deleted && !policy.due(*usage))
    return;
  if (auto reclaimed = settings.store->reclaim_space(); !reclaimed) {
    spdlog::warn("giving disk space back: {}", reclaimed.error().message);
    return;
  }
  if (auto after = settings.store->usage()) {
    policy.reclaimed(*after);
    spdlog::debug("gave {} bytes of disk space back",
                  usage->disk_bytes - std::min(usage->disk_bytes, after->disk_bytes));
  }
}

/// Results of local workers that no image actor took over (their job timed
/// out meanwhile) are removed once certainly abandoned.
void forget_unadopted_results(const housekeeping_settings& settings) {
  constexpr std::chrono::hours abandoned_after{1};
  auto forgotten = settings.store->forget_unadopted_results(abandoned_after);
  if (!forgotten)
    spdlog::warn("removing abandoned results: {}", forgotten.error().message);
  else if (*forgotten > 0)
    spdlog::info("removed {} results of timed-out jobs from the byte store", *forgotten);
}

void housekeeping(caf::blocking_actor* self, housekeeping_settings settings) {
  bool retention = settings.max_age.count() > 0 || settings.max_bytes > 0;
  reclaim_policy policy;
  bool running = true;
  self->receive_while([&] { return running; })(
      [&](caf::exit_msg&) { running = false; },
      caf::after(settings.interval) >>
          [&] {
            purge_keys(settings);
            forget_unadopted_results(settings);
            bool retention_deleted = retention && apply_retention(self, settings) > 0;
            reclaim_space(settings, policy, retention_deleted);
          });
}

} // namespace

caf::actor spawn_housekeeper(caf::actor_system& system, housekeeping_settings settings) {
  return system.spawn<caf::detached>(housekeeping, std::move(settings));
}

} // namespace actors
