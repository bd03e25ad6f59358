#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "http/routes/multipart.hpp"

namespace {

const std::string content_type = "multipart/form-data; boundary=XyZ";

std::string part(const std::string& name, const std::string& content) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + name +
         "\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n" + content + "\r\n";
}

const std::string closing = "--XyZ--\r\n";

// Reads `body` as it arrives in pieces of `piece` bytes (0: whole); returns
// the field's content, or "error: <message>".
std::string read_field(const std::string& body, const std::string& type, const std::string& field,
                       std::size_t piece) {
  std::string content;
  auto reader = http_api::form_field_reader::open(type, field, [&](std::string_view bytes) {
    content.append(bytes);
    return model::ok_status();
  });
  if (!reader)
    return "error: " + reader.error().message;
  std::string_view rest = body;
  do {
    auto size = piece == 0 ? rest.size() : std::min(piece, rest.size());
    if (auto fed = reader->feed(rest.substr(0, size)); !fed)
      return "error: " + fed.error().message;
    rest.remove_prefix(size);
  } while (!rest.empty());
  if (auto finished = reader->finish(); !finished)
    return "error: " + finished.error().message;
  return content;
}

// The field's content, or "error: <message>"; the same whether the body
// comes whole or byte by byte.
std::string field_of(const std::string& body, const std::string& type = content_type,
                     const std::string& field = "image") {
  auto whole = read_field(body, type, field, 0);
  BOOST_TEST(read_field(body, type, field, 1) == whole);
  BOOST_TEST(read_field(body, type, field, 7) == whole);
  return whole;
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
  BOOST_TEST(field_of(part("image", "") + closing) == "");
  BOOST_TEST(is_error(field_of(closing), "no field named"));
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

BOOST_AUTO_TEST_CASE(every_truncation_fails_cleanly_unless_the_form_is_closed) {
  auto body = part("a", "1") + part("image", "payload\r\n--") + closing;
  auto closed = body.size() - std::string("\r\n").size(); // the form ends with "--XyZ--"
  for (std::size_t size = 0; size <= body.size(); ++size) {
    auto result = field_of(body.substr(0, size));
    if (size < closed)
      BOOST_TEST(is_error(result, ""), size);
    else
      BOOST_TEST(result == "payload\r\n--", size);
  }
}

BOOST_AUTO_TEST_CASE(the_field_is_handed_on_as_it_arrives) {
  std::string handed;
  auto reader = http_api::form_field_reader::open(content_type, "image", [&](std::string_view b) {
    handed.append(b);
    return model::ok_status();
  });
  BOOST_TEST_REQUIRE(reader.ok());
  std::string head = part("image", "");
  head.resize(head.size() - 2); // up to the content
  BOOST_TEST_REQUIRE(reader->feed(head).ok());
  const std::string piece(65536, 'p');
  const std::size_t held_back = std::string("\r\n--XyZ").size() - 1;
  for (std::size_t sent = piece.size(); sent <= 16 * piece.size(); sent += piece.size()) {
    BOOST_TEST_REQUIRE(reader->feed(piece).ok());
    BOOST_TEST(handed.size() >= sent - held_back);
  }
  BOOST_TEST(reader->feed("\r\n" + closing).ok());
  BOOST_TEST(reader->finish().ok());
  BOOST_TEST(handed == std::string(16 * piece.size(), 'p'));
}

BOOST_AUTO_TEST_CASE(a_consumer_s_refusal_stops_the_reading) {
  auto reader = http_api::form_field_reader::open(content_type, "image", [](std::string_view) {
    return model::make_problem(model::error_code::unsupported_media_type, "no image");
  });
  BOOST_TEST_REQUIRE(reader.ok());
  auto fed = reader->feed(part("image", "%PDF-1.7 a document") + closing);
  BOOST_TEST_REQUIRE(!fed.ok());
  BOOST_TEST(fed.error().code == model::error_code::unsupported_media_type);
}

BOOST_AUTO_TEST_CASE(many_small_parts_before_the_field) {
  std::string body;
  for (int i = 0; i < 20000; ++i)
    body += part("f" + std::to_string(i), "");
  body += part("image", "last") + closing;
  BOOST_TEST(field_of(body) == "last");
}

BOOST_AUTO_TEST_CASE(small_fields_asked_for_are_kept_wherever_they_come) {
  auto keep = [](const std::string& body) {
    std::string image;
    auto reader = http_api::form_field_reader::open(content_type, "image",
                                                    [&](std::string_view bytes) {
                                                      image.append(bytes);
                                                      return model::ok_status();
                                                    },
                                                    {"labels"});
    BOOST_REQUIRE(reader.ok());
    auto fed = reader->feed(body);
    auto finished = fed ? reader->finish() : fed;
    const std::string* kept = reader->kept("labels");
    return std::make_pair(finished.ok() ? image : "error: " + finished.error().message,
                          kept ? *kept : std::string("(none)"));
  };
  auto after = keep(part("image", "data") + part("labels", "line:3\r\nshift:1") + closing);
  BOOST_TEST(after.first == "data");
  BOOST_TEST(after.second == "line:3\r\nshift:1");
  BOOST_TEST(keep(part("labels", "a:b") + part("image", "x") + closing).second == "a:b");
  BOOST_TEST(keep(part("image", "x") + closing).second == "(none)");
  BOOST_TEST(is_error(
      keep(part("labels", "a:b") + part("labels", "c:d") + part("image", "x") + closing).first,
      "more than once"));
  auto huge = std::string(http_api::max_kept_field_bytes + 1, 'v');
  BOOST_TEST(
      is_error(keep(part("labels", huge) + part("image", "x") + closing).first, "longer than"));
}

BOOST_AUTO_TEST_SUITE_END()
