// CAF 0.17's OpenSSL sessions leave the error queue of the networking thread
// dirty after a failed TLS handshake: caf::openssl::session asks
// SSL_get_error() and drops the connection without ERR_clear_error(). The
// next read on any other connection that merely wants more data then finds
// that stale error, and CAF drops a healthy connection: a single port scan
// of the cluster port disconnected every worker node.
//
// caf-node therefore provides SSL_get_error() itself (the dynamic linker
// binds libcaf_openssl's calls to the executable's definition): it asks
// OpenSSL's own, and when the answer ends the connection, clears the queue
// so that the error stays with the connection it belongs to.

#include <dlfcn.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

extern "C" int SSL_get_error(const SSL* ssl, int ret) {
  using get_error_fn = int (*)(const SSL*, int);
  static const auto openssl_get_error =
      reinterpret_cast<get_error_fn>(dlsym(RTLD_NEXT, "SSL_get_error"));
  auto result = openssl_get_error(ssl, ret);
  if (result != SSL_ERROR_NONE && result != SSL_ERROR_WANT_READ && result != SSL_ERROR_WANT_WRITE)
    ERR_clear_error();
  return result;
}
