#include <boost/test/unit_test.hpp>

#include <string>

#include "http/routes/multipart.hpp"

namespace {

const std::string content_type = "multipart/form-data; boundary=XyZ";

std::string part(const std::string& name, const std::string& content) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name +
         "\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n" + content + "\r\n";
}

const std::string closing = "--XyZ--\r\n";

// The field's content, or "error: <message>".
std::string field_of(const std::string& body, const std::string& type = content_type,
                     const std::string& field = "image") {
  auto range = http_api::find_form_field(type, body, field);
  if (!range)
    return "error: " + range.error().message;
  return body.substr(range->offset, range->length);
}

bool is_error(const std::string& result, const std::string& words) {
  return result.rfind("error: ", 0) == 0 && result.find(words) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(multipart)

BOOST_AUTO_TEST_CASE(finds_the_named_field_among_others) {
  auto body = part("note", "hello") + part("image", "\x89PNG\r\n\x1a\nbytes") + closing;
  BOOST_TEST(field_of(body) == "\x89PNG\r\n\x1a\nbytes");
}

BOOST_AUTO_TEST_CASE(content_may_hold_crlf_dashes_and_the_boundary_without_crlf) {
  std::string tricky = "a\r\n--Xy\r\n-- XyZ --XyZ\r\nb";
  auto body = part("image", tricky) + closing;
  BOOST_TEST(field_of(body) == tricky);
}

BOOST_AUTO_TEST_CASE(empty_content_is_found_as_empty) {
  auto range = http_api::find_form_field(content_type, part("image", "") + closing, "image");
  BOOST_TEST_REQUIRE(range.ok());
  BOOST_TEST(range->length == 0u);
}

BOOST_AUTO_TEST_CASE(a_preamble_before_the_first_boundary_is_skipped) {
  auto body = "preamble text\r\n" + part("image", "data") + closing + "epilogue";
  BOOST_TEST(field_of(body) == "data");
}

BOOST_AUTO_TEST_CASE(quoted_boundary_and_padding_after_delimiters_are_accepted) {
  std::string body = "--a b\t \r\nContent-Disposition: form-data; name=image\r\n\r\nx\r\n--a b--";
  BOOST_TEST(field_of(body, "multipart/form-data; boundary=\"a b\"") == "x");
}

BOOST_AUTO_TEST_CASE(errors_name_what_is_wrong) {
  auto good = part("image", "data") + closing;
  BOOST_TEST(is_error(field_of(good, "image/png"), "not multipart/form-data"));
  BOOST_TEST(is_error(field_of(good, "multipart/form-data"), "no boundary"));
  BOOST_TEST(is_error(field_of(good, "multipart/form-data; boundary=\"\""), "boundary must be"));
  BOOST_TEST(is_error(field_of(good, "multipart/form-data; boundary=" + std::string(71, 'a')),
                      "boundary must be"));
  BOOST_TEST(is_error(field_of(good, "multipart/form-data; boundary=Other"), "does not contain"));
  BOOST_TEST(is_error(field_of(part("other", "x") + closing), "no field named \"image\""));
  BOOST_TEST(
      is_error(field_of(part("image", "a") + part("image", "b") + closing), "more than once"));
  BOOST_TEST(is_error(field_of(part("image", "data")), "without a closing boundary"));
  BOOST_TEST(is_error(field_of("--XyZ\r\n\r\ndata\r\n" + closing), "no headers"));
  BOOST_TEST(is_error(field_of("--XyZ\r\nContent-Type: a/b\r\n\r\nx\r\n" + closing),
                      "no Content-Disposition"));
  BOOST_TEST(is_error(
      field_of("--XyZ\r\nContent-Disposition: attachment; name=image\r\n\r\nx\r\n" + closing),
      "no Content-Disposition"));
  BOOST_TEST(is_error(field_of("--XyZ\r\nno colon here\r\n\r\nx\r\n" + closing),
                      "no Content-Disposition"));
  BOOST_TEST(is_error(field_of("--XyZjunk\r\n"), "not followed by CRLF"));
}

BOOST_AUTO_TEST_CASE(part_headers_are_bounded) {
  std::string long_header =
      "--XyZ\r\nX-Filler: " + std::string(http_api::max_part_header_bytes, 'f') +
      "\r\nContent-Disposition: form-data; name=image\r\n\r\nx\r\n" + closing;
  BOOST_TEST(is_error(field_of(long_header), "longer than"));
}

BOOST_AUTO_TEST_CASE(every_truncation_fails_cleanly_or_stays_inside_the_body) {
  auto body = part("a", "1") + part("image", "payload\r\n--") + closing;
  for (std::size_t size = 0; size <= body.size(); ++size) {
    std::string cut = body.substr(0, size);
    auto range = http_api::find_form_field(content_type, cut, "image");
    if (range)
      BOOST_TEST(range->offset + range->length <= cut.size());
  }
}

BOOST_AUTO_TEST_CASE(many_small_parts_before_the_field) {
  std::string body;
  for (int i = 0; i < 20000; ++i)
    body += part("f" + std::to_string(i), "");
  body += part("image", "last") + closing;
  BOOST_TEST(field_of(body) == "last");
}

BOOST_AUTO_TEST_SUITE_END()
