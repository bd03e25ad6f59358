#pragma once

// Worker nodes prove they know the cluster secret without sending it: the
// gate hands out a one-time challenge, the node answers with
// "<challenge>:<HMAC-SHA256(secret, challenge + "\n" + node id) in hex>".

#include <string>

namespace actors {

/// A fresh random challenge (32 bytes from OpenSSL's CSPRNG, hex).
std::string make_challenge();

/// The proof a node sends for `challenge`.
std::string join_proof(const std::string& secret, const std::string& challenge,
                       const std::string& node_id);

/// Compares two proofs in time independent of where they differ.
bool proofs_match(const std::string& expected, const std::string& received);

} // namespace actors
