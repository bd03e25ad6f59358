#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "http/transport/body_reader.hpp"
#include "http/transport/message_framing.hpp"

namespace {

using http_api::body_reader;

constexpr std::size_t limit = 100;

// The reader for a request with these framing fields (nullptr: absent), as
// the transport makes it.
model::outcome<body_reader> framed(const char* content_length, const char* transfer_encoding) {
  http_api::request_head head;
  head.method = "POST";
  head.fields.push_back({"Host", "test"});
  if (content_length)
    head.fields.push_back({"Content-Length", content_length});
  if (transfer_encoding)
    head.fields.push_back({"Transfer-Encoding", transfer_encoding});
  auto framing = http_api::framing_of(head, limit);
  if (!framing)
    return framing.error();
  return body_reader::for_framing(framing->body, limit);
}

body_reader reader_for(const char* content_length, const char* transfer_encoding) {
  auto reader = framed(content_length, transfer_encoding);
  BOOST_REQUIRE(reader.ok());
  return std::move(*reader);
}

std::string refusal_of(const char* content_length, const char* transfer_encoding) {
  auto reader = framed(content_length, transfer_encoding);
  BOOST_REQUIRE(!reader.ok());
  return model::to_string(reader.error().code);
}

// Feeds `input` one byte at a time, the worst split; returns the error or
// the body.
std::string feed_bytewise(body_reader& reader, const std::string& input) {
  for (char c : input) {
    auto used = reader.consume(std::string_view(&c, 1));
    if (!used)
      return std::string("error: ") + model::to_string(used.error().code);
    if (reader.complete())
      break;
  }
  return reader.complete() ? reader.take_body() : "incomplete";
}

// A sink that keeps what it is given, and refuses once it holds `capacity`
// bytes.
class recording_sink final : public model::byte_sink {
public:
  explicit recording_sink(std::size_t capacity = limit) : capacity_(capacity) {}
  model::status append(std::string_view bytes) override {
    ++writes;
    if (received.size() + bytes.size() > capacity_)
      return model::make_problem(model::error_code::insufficient_storage, "full");
    received.append(bytes);
    return model::ok_status();
  }
  std::string received;
  std::size_t writes = 0;

private:
  std::size_t capacity_;
};

} // namespace

BOOST_AUTO_TEST_SUITE(body_reader_tests)

BOOST_AUTO_TEST_CASE(no_framing_header_means_an_empty_complete_body) {
  auto reader = reader_for(nullptr, nullptr);
  BOOST_TEST(reader.complete());
  BOOST_TEST(reader.take_body().empty());
}

BOOST_AUTO_TEST_CASE(content_length_reads_exactly_that_many_bytes) {
  auto reader = reader_for("5", nullptr);
  auto used = reader.consume("abc");
  BOOST_TEST(*used == 3u);
  BOOST_TEST(!reader.complete());
  used = reader.consume("deNEXT");
  BOOST_TEST(*used == 2u);
  BOOST_TEST(reader.complete());
  BOOST_TEST(reader.take_body() == "abcde");
}

BOOST_AUTO_TEST_CASE(content_length_is_checked_against_the_limit_before_reading) {
  BOOST_TEST(reader_for(" 100 ", nullptr).received() == 0u);
  BOOST_TEST(refusal_of("101", nullptr) == "payload_too_large");
  BOOST_TEST(refusal_of("99999999999999999999999999999", nullptr) == "payload_too_large");
}

BOOST_AUTO_TEST_CASE(malformed_framing_headers_are_invalid_requests) {
  for (const char* bad : {"", "-1", "+5", "5 5", "0x10", "1,2", "five"})
    BOOST_TEST((refusal_of(bad, nullptr) == "invalid_request"), bad);
  BOOST_TEST(refusal_of("5", "chunked") == "invalid_request");
  BOOST_TEST(refusal_of(nullptr, "chunked, chunked") == "invalid_request");
  BOOST_TEST(refusal_of(nullptr, "gzip") == "not_implemented");
  BOOST_TEST(refusal_of(nullptr, "gzip, chunked") == "not_implemented");
}

BOOST_AUTO_TEST_CASE(a_repeated_equal_content_length_is_one) {
  auto reader = reader_for("3, 3", nullptr);
  BOOST_TEST(*reader.consume("abc") == 3u);
  BOOST_TEST(reader.complete());
}

BOOST_AUTO_TEST_CASE(chunked_bodies_decode_whatever_the_split) {
  std::string wire =
      "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-T: 1\r\n\r\n";
  auto reader = reader_for(nullptr, "Chunked");
  BOOST_TEST(feed_bytewise(reader, wire) == "Wikipedia in\r\n\r\nchunks.");

  auto whole = reader_for(nullptr, "chunked");
  auto used = whole.consume(wire + "next request");
  BOOST_TEST(*used == wire.size());
  BOOST_TEST(whole.take_body() == "Wikipedia in\r\n\r\nchunks.");
}

BOOST_AUTO_TEST_CASE(a_chunked_body_over_the_limit_is_refused_at_the_chunk_size) {
  auto reader = reader_for(nullptr, "chunked");
  BOOST_TEST(feed_bytewise(reader, "50\r\n" + std::string(80, 'a') + "\r\n15\r\n") ==
             "error: payload_too_large");
  auto huge = reader_for(nullptr, "chunked");
  BOOST_TEST(feed_bytewise(huge, "ffffffffffffffffffffffff\r\n") == "error: payload_too_large");
}

BOOST_AUTO_TEST_CASE(malformed_chunks_are_invalid_requests) {
  for (std::string bad : {"\r\n", "zz\r\n", "5\n", "5 x\r\n", "3\r\nabcX", "3\r\nabc\rX"}) {
    auto reader = reader_for(nullptr, "chunked");
    BOOST_TEST(feed_bytewise(reader, bad) == "error: invalid_request", bad);
  }
  auto long_line = reader_for(nullptr, "chunked");
  BOOST_TEST(feed_bytewise(long_line, "1;" + std::string(http_api::max_chunk_line_bytes, 'x')) ==
             "error: invalid_request");
}

BOOST_AUTO_TEST_CASE(trailers_are_bounded) {
  std::string trailer_line = "X: " + std::string(200, 'v') + "\r\n";
  std::string wire = "0\r\n";
  for (std::size_t size = 0; size <= http_api::max_trailer_bytes; size += trailer_line.size())
    wire += trailer_line;
  auto reader = reader_for(nullptr, "chunked");
  BOOST_TEST(feed_bytewise(reader, wire + "\r\n") == "error: invalid_request");
}

BOOST_AUTO_TEST_CASE(a_body_streamed_to_a_sink_is_not_kept) {
  for (const char* transfer_encoding : {static_cast<const char*>(nullptr), "chunked"}) {
    bool chunked = transfer_encoding != nullptr;
    auto reader = reader_for(chunked ? nullptr : "9", transfer_encoding);
    auto sink = std::make_shared<recording_sink>();
    reader.stream_to(sink);
    std::string wire = chunked ? "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n" : "Wikipedia";
    BOOST_TEST(feed_bytewise(reader, wire).empty());
    BOOST_TEST(sink->received == "Wikipedia");
    BOOST_TEST(reader.received() == 9u);
    BOOST_TEST(!reader.refused_by_sink());
  }
}

BOOST_AUTO_TEST_CASE(a_sink_s_refusal_ends_the_body_and_is_told_apart) {
  auto reader = reader_for("50", nullptr);
  auto sink = std::make_shared<recording_sink>(10);
  reader.stream_to(sink);
  BOOST_TEST(reader.consume(std::string(8, 'a')).ok());
  auto refused = reader.consume(std::string(8, 'b'));
  BOOST_TEST_REQUIRE(!refused.ok());
  BOOST_TEST(model::to_string(refused.error().code) == "insufficient_storage");
  BOOST_TEST(reader.refused_by_sink());
  BOOST_TEST(sink->received == std::string(8, 'a'));

  auto framing_error = reader_for(nullptr, "chunked");
  framing_error.stream_to(std::make_shared<recording_sink>());
  BOOST_TEST(feed_bytewise(framing_error, "zz\r\n") == "error: invalid_request");
  BOOST_TEST(!framing_error.refused_by_sink());
}

BOOST_AUTO_TEST_SUITE_END()
