#include "actors/cluster/worker.hpp"

#include <chrono>

#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/imaging/pipeline.hpp"
#include "actors/model/digest.hpp"
#include "actors/service/problem_error.hpp"
#include "storage/byte_store.hpp"

namespace actors {

namespace {

model::problem no_shared_store(const worker_settings& settings) {
  return {model::error_code::internal_error,
          "the job names bytes in the byte store, which worker node " + settings.node +
              " does not share (worker.shared-storage)"};
}

/// The job's input: in the job, or read from the shared byte store.
model::outcome<model::shared_bytes> input_of(const job& work, const worker_settings& settings) {
  if (work.input_blob.sha256.empty())
    return work.input;
  if (settings.shared_store.empty())
    return no_shared_store(settings);
  auto bytes = storage::read_checked_file(
      storage::blob_path(settings.shared_store, work.input_blob.sha256), work.input_blob);
  if (!bytes)
    return bytes.error();
  return model::shared_bytes(std::move(*bytes));
}

/// Hands the result over: left in the shared byte store (synced, for the
/// head to adopt) when the job asks for it, else in the answer.
model::status hand_over(std::string bytes, const job& work, const worker_settings& settings,
                        job_result& result) {
  result.output.bytes = bytes.size();
  if (!work.result_to_store) {
    result.output.sha256 = model::sha256_hex(bytes);
    result.bytes = std::move(bytes);
    return model::ok_status();
  }
  if (settings.shared_store.empty())
    return no_shared_store(settings);
  auto sealed = storage::byte_store::seal_bytes_at(settings.shared_store, bytes);
  if (!sealed)
    return sealed.error();
  result.output.sha256 = sealed->ref().sha256;
  result.stored = sealed->release();
  return model::ok_status();
}

caf::result<job_result> run(const job& work, const worker_settings& settings) {
  auto input_format = imaging::format_from_name(work.input_format);
  if (!input_format)
    return to_error(model::error_code::invalid_request,
                    "unknown input format \"" + work.input_format + "\"");
  auto input = input_of(work, settings);
  if (!input)
    return to_error(std::move(input).error());
  auto started = std::chrono::steady_clock::now();
  imaging::operations::operation_context context{work.image_id, work.image_created_ms, work.labels,
                                                 work.overlays};
  auto output = imaging::run_pipeline(input->view(), *input_format, work.ops, settings.limits,
                                      std::move(context));
  if (!output)
    return to_error(std::move(output).error());
  job_result result;
  if (auto handed = hand_over(std::move(output->bytes), work, settings, result); !handed)
    return to_error(handed.error());
  auto& done = result.output;
  done.format = imaging::format_name(output->format);
  done.width = output->width;
  done.height = output->height;
  auto elapsed = std::chrono::steady_clock::now() - started;
  done.took_ms = static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
  done.node = settings.node;
  done.stats = std::move(output->measurements);
  result.timings = std::move(output->timings);

  return result;
}

} // namespace

worker_actor spawn_worker(caf::actor_system& system, worker_settings settings) {
  imaging::initialize_imaging(settings.limits);
  auto behavior = [settings](worker_actor::pointer) -> worker_actor::behavior_type {
    return {
        [settings](run_atom, const job& work) -> caf::result<job_result> {
          return run(work, settings);
        },
    };
  };
  return system.spawn<caf::detached>(behavior);
}

} // namespace actors
