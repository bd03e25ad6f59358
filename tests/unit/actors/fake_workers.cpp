#include "tests/unit/actors/fake_workers.hpp"

#include <caf/actor_system.hpp>
#include <caf/typed_event_based_actor.hpp>

#include "actors/service/problem_error.hpp"

namespace test_support {

using actors::job;
using actors::job_result;
using actors::run_atom;
using actors::worker_actor;

worker_actor spawn_echo_worker(caf::actor_system& system, std::string node) {
  return system.spawn([node](worker_actor::pointer) -> worker_actor::behavior_type {
    return {
        [node](run_atom, job& work) -> caf::result<job_result> {
          job_result result;
          result.bytes =
              work.input_blob.sha256.empty() ? work.input.str() : "blob " + work.input_blob.sha256;
          if (work.result_to_store)
            result.bytes += " to store";
          for (const auto& op : work.ops)
            result.bytes += "|" + op.name;
          result.output.format = work.input_format;
          result.output.width = 1;
          result.output.height = 1;
          result.output.bytes = result.bytes.size();
          result.output.node = node;
          return result;
        },
    };
  });
}

worker_actor spawn_silent_worker(caf::actor_system& system) {
  return system.spawn([](worker_actor::pointer self) -> worker_actor::behavior_type {
    return {
        [self](run_atom, job&) -> caf::result<job_result> {
          return self->make_response_promise<job_result>();
        },
    };
  });
}

worker_actor spawn_rejecting_worker(caf::actor_system& system) {
  return system.spawn([](worker_actor::pointer) -> worker_actor::behavior_type {
    return {
        [](run_atom, job&) -> caf::result<job_result> {
          return actors::to_error(model::error_code::corrupt_image, "scripted rejection");
        },
    };
  });
}

actors::job_source_actor spawn_job_source(caf::actor_system& system) {
  using actors::job_source_actor;
  return system.spawn([](job_source_actor::pointer) -> job_source_actor::behavior_type {
    return {
        [](actors::load_atom, std::uint32_t version) {
          job work;
          work.image_id = "image";
          work.version = version;
          work.input = model::shared_bytes(std::to_string(version));
          work.input_format = "PNG";
          work.ops = {{"grayscale", {}}};
          return work;
        },
    };
  });
}

} // namespace test_support
