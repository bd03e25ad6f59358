#pragma once

// Certificates for mutual TLS between nodes, made with the openssl CLI in a
// test's folder: a certificate authority that issues node certificates, and
// self-signed certificates that no node trusts.

#include <filesystem>
#include <string>
#include <vector>

namespace cluster_tests {

/// A certificate and its private key (PEM files).
struct tls_identity {
  std::filesystem::path certificate;
  std::filesystem::path key;
};

class test_authority {
public:
  /// Makes the authority's key and certificate in `folder` (created when
  /// missing). Throws std::runtime_error when openssl fails.
  explicit test_authority(std::filesystem::path folder);

  /// A certificate for `name` signed by this authority (files
  /// <folder>/<name>.pem and .key). Throws std::runtime_error when openssl
  /// fails.
  tls_identity issue(const std::string& name) const;

  /// The caf-node options of a node presenting `identity` and trusting
  /// only this authority's certificates.
  std::vector<std::string> node_args(const tls_identity& identity) const;

private:
  std::filesystem::path folder_;
  tls_identity own_;
};

/// A certificate for `name` signed by itself, in `folder`. Throws
/// std::runtime_error when openssl fails.
tls_identity self_signed(const std::filesystem::path& folder, const std::string& name);

} // namespace cluster_tests
