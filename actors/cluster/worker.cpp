#include "actors/cluster/worker.hpp"

#include <chrono>

#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/imaging/pipeline.hpp"
#include "actors/model/digest.hpp"
#include "actors/service/problem_error.hpp"

namespace actors {

namespace {

caf::result<job_result> run(const job& work, const worker_settings& settings) {
  auto input_format = imaging::format_from_name(work.input_format);
  if (!input_format)
    return to_error(model::error_code::invalid_request,
                    "unknown input format \"" + work.input_format + "\"");
  auto started = std::chrono::steady_clock::now();
  auto output = imaging::run_pipeline(work.input.view(), *input_format, work.ops, settings.limits);
  if (!output)
    return to_error(std::move(output).error());
  job_result result;
  auto& done = result.output;
  done.sha256 = model::sha256_hex(output->bytes);
  done.bytes = output->bytes.size();
  done.format = imaging::format_name(output->format);
  done.width = output->width;
  done.height = output->height;
  auto elapsed = std::chrono::steady_clock::now() - started;
  done.took_ms = static_cast<std::uint32_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
  done.node = settings.node;
  result.bytes = std::move(output->bytes);
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
