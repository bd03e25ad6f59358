#include "actors/cluster/cluster_secret.hpp"

#include <openssl/crypto.h>

#include "actors/model/digest.hpp"

namespace actors {

std::string make_challenge() {
  return model::random_hex(32);
}

std::string join_proof(const std::string& secret, const std::string& challenge,
                       const std::string& node_id) {
  return model::hmac_sha256_hex(secret, challenge + "\n" + node_id);
}

bool proofs_match(const std::string& expected, const std::string& received) {
  if (expected.size() != received.size())
    return false;
  return CRYPTO_memcmp(expected.data(), received.data(), expected.size()) == 0;
}

} // namespace actors
