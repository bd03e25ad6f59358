#include "tests/system/cluster/test_certificates.hpp"

#include "tests/system/cluster/shell_command.hpp"

namespace cluster_tests {

namespace {

constexpr const char* validity_days = "2";

tls_identity identity_in(const std::filesystem::path& folder, const std::string& name) {
  std::filesystem::create_directories(folder);
  return {folder / (name + ".pem"), folder / (name + ".key")};
}

// A new P-256 key (made in milliseconds, unlike an RSA one) and either a
// self-signed certificate or, with `csr`, a request to sign.
void new_key_and(const tls_identity& identity, const std::string& name, bool self_signed,
                 const std::filesystem::path& csr = {}) {
  std::vector<std::string> words{"openssl", "req",        "-newkey",
                                 "ec",      "-pkeyopt",   "ec_paramgen_curve:prime256v1",
                                 "-nodes",  "-keyout",    identity.key.string(),
                                 "-subj",   "/CN=" + name};
  if (self_signed)
    words.insert(words.end(),
                 {"-x509", "-days", validity_days, "-out", identity.certificate.string()});
  else
    words.insert(words.end(), {"-out", csr.string()});
  run_command(words);
}

} // namespace

test_authority::test_authority(std::filesystem::path folder)
    : folder_(std::move(folder)), own_(identity_in(folder_, "authority")) {
  new_key_and(own_, "caf-node test authority", true);
}

tls_identity test_authority::issue(const std::string& name) const {
  auto identity = identity_in(folder_, name);
  auto csr = folder_ / (name + ".csr");
  new_key_and(identity, name, false, csr);
  run_command({"openssl", "x509", "-req", "-in", csr.string(), "-CA", own_.certificate.string(),
               "-CAkey", own_.key.string(), "-CAcreateserial", "-days", validity_days, "-out",
               identity.certificate.string()});
  return identity;
}

std::vector<std::string> test_authority::node_args(const tls_identity& identity) const {
  return {"--openssl.certificate=" + identity.certificate.string(),
          "--openssl.key=" + identity.key.string(),
          "--openssl.cafile=" + own_.certificate.string()};
}

tls_identity self_signed(const std::filesystem::path& folder, const std::string& name) {
  auto identity = identity_in(folder, name);
  new_key_and(identity, name, true);
  return identity;
}

} // namespace cluster_tests
