#include "actors/cluster/cluster_secret.hpp"

#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace actors {

namespace {

std::string to_hex(const unsigned char* bytes, std::size_t length) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  text.reserve(length * 2);
  for (std::size_t i = 0; i < length; ++i) {
    text.push_back(digits[bytes[i] >> 4]);
    text.push_back(digits[bytes[i] & 0xF]);
  }
  return text;
}

} // namespace

std::string make_challenge() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1)
    throw std::runtime_error("the system's random generator failed");
  return to_hex(bytes, sizeof(bytes));
}

std::string join_proof(const std::string& secret, const std::string& challenge,
                       const std::string& node_id) {
  auto message = challenge + "\n" + node_id;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return to_hex(digest, length);
}

bool proofs_match(const std::string& expected, const std::string& received) {
  if (expected.size() != received.size())
    return false;
  return CRYPTO_memcmp(expected.data(), received.data(), expected.size()) == 0;
}

} // namespace actors
