#pragma once

namespace model {

/// Version of caf-node (the project version of the build), reported by nodes
/// when they join a cluster.
const char* service_version() noexcept;

} // namespace model
