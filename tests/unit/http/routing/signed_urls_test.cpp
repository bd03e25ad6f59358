#include <boost/test/unit_test.hpp>

#include "http/routing/signed_urls.hpp"

using http_api::url_signer;

namespace {

const std::string image = "01JEXR2N5Q8W3K9ZC7VHT4MBAD";
constexpr std::int64_t now = 1'800'000'000;

http_api::http_request with_query(std::vector<std::pair<std::string, std::string>> query) {
  http_api::http_request request;
  request.method = "GET";
  request.query = std::move(query);
  return request;
}

http_api::http_request signed_request(const http_api::url_signature& signature) {
  return with_query({{"exp", std::to_string(signature.expires_s)}, {"sig", signature.sig}});
}

} // namespace

BOOST_AUTO_TEST_SUITE(signed_urls)

BOOST_AUTO_TEST_CASE(a_signature_opens_its_image_until_it_expires) {
  url_signer signer("secret");
  auto signature = signer.sign(image, now + 300);
  BOOST_TEST(signature.sig.size() == 64u);
  BOOST_TEST(!signer.refusal(signed_request(signature), image, now).has_value());
  BOOST_TEST(!signer.refusal(signed_request(signature), image, now + 299).has_value());
  BOOST_TEST(*signer.refusal(signed_request(signature), image, now + 300) ==
             "the signed URL has expired");
  BOOST_TEST(*signer.refusal(signed_request(signature), "01JEXR2N5Q8W3K9ZC7VHT4MBAE", now) ==
             "the signature is not valid for this image");
}

BOOST_AUTO_TEST_CASE(another_secret_another_expiry_or_a_far_expiry_is_refused) {
  url_signer signer("secret");
  auto signature = signer.sign(image, now + 300);
  BOOST_TEST(url_signer("other").refusal(signed_request(signature), image, now).has_value());
  auto moved = signature;
  moved.expires_s += 1;
  BOOST_TEST(signer.refusal(signed_request(moved), image, now).has_value());
  auto far = signer.sign(image, now + http_api::max_signature_seconds + 1);
  BOOST_TEST(*signer.refusal(signed_request(far), image, now) ==
             "the signed URL's exp lies too far ahead");
}

BOOST_AUTO_TEST_CASE(malformed_parameters_are_refused) {
  url_signer signer("secret");
  auto sig = signer.sign(image, now + 60).sig;
  for (const auto& query : std::vector<std::vector<std::pair<std::string, std::string>>>{
           {{"sig", sig}},
           {{"exp", std::to_string(now + 60)}},
           {{"exp", "soon"}, {"sig", sig}},
           {{"exp", std::to_string(now + 60)}, {"sig", sig}, {"sig", sig}},
           {{"exp", std::to_string(now + 60)}, {"sig", sig.substr(1)}}})
    BOOST_TEST(signer.refusal(with_query(query), image, now).has_value());
}

BOOST_AUTO_TEST_CASE(only_routes_that_serve_bytes_accept_signatures) {
  using http_api::accepts_signature;
  BOOST_TEST(accepts_signature("GET", "/v1/images/{id}/original"));
  BOOST_TEST(accepts_signature("HEAD", "/v1/images/{id}/content"));
  BOOST_TEST(accepts_signature("GET", "/v1/images/{id}/versions/{n}/content"));
  BOOST_TEST(!accepts_signature("GET", "/v1/images/{id}"));
  BOOST_TEST(!accepts_signature("DELETE", "/v1/images/{id}/original"));
  BOOST_TEST(!accepts_signature("POST", "/v1/images/{id}/commands"));
  BOOST_TEST(!accepts_signature("GET", "/v1/images/{id}/stats"));
}

BOOST_AUTO_TEST_SUITE_END()
