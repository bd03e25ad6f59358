#include "actors/protocol.hpp"

#include "actors/service/problem_error.hpp"

namespace actors {

void announce_protocol(caf::actor_system_config& cfg) {
  cfg.add_message_type<model::op_call>("op_call");
  cfg.add_message_type<std::vector<model::op_call>>("op_call_list");
  cfg.add_message_type<model::version_record>("version_record");
  cfg.add_message_type<model::image_record>("image_record");
  cfg.add_message_type<model::image_content>("image_content");
  cfg.add_message_type<model::image_page>("image_page");
  cfg.add_message_type<model::image_query>("image_query");
  cfg.add_message_type<job>("job");
  cfg.add_message_type<job_ticket>("job_ticket");
  cfg.add_message_type<job_source_actor>("job_source_actor");

  cfg.add_message_type<job_result>("job_result");
  cfg.add_message_type<imaging::step_time>("step_time");
  cfg.add_message_type<std::vector<imaging::step_time>>("step_time_list");

  cfg.add_message_type<new_upload>("new_upload");
  cfg.add_message_type<registry_stats>("registry_stats");

  cfg.add_message_type<worker_actor>("worker_actor");
  cfg.add_message_type<worker_offer>("worker_offer");
  cfg.add_message_type<std::vector<worker_actor>>("worker_actor_list");
  cfg.add_message_type<join_request>("join_request");
  cfg.add_message_type<model::node_status>("node_status");
  cfg.add_message_type<std::vector<model::node_status>>("node_status_list");
  cfg.add_message_type<gate_actor>("gate_actor");
  cfg.add_message_type<inspector_actor>("inspector_actor");
  cfg.add_message_type<worker_status>("worker_status");
  cfg.add_message_type<std::vector<worker_status>>("worker_status_list");
  cfg.add_message_type<job_status>("job_status");
  cfg.add_message_type<std::vector<job_status>>("job_status_list");
  cfg.add_message_type<dispatch_snapshot>("dispatch_snapshot");
  cfg.add_message_type<image_actor>("image_actor");
  cfg.add_message_type<std::vector<image_actor>>("image_actor_list");
  cfg.add_message_type<registry_snapshot>("registry_snapshot");
  cfg.add_message_type<command_request>("command_request");
  cfg.add_message_type<command_reply>("command_reply");
  cfg.add_message_type<content_selector>("content_selector");
  cfg.add_error_category(problem_category(), render_problem);
}

} // namespace actors
