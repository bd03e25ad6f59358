#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "actors/model/labels.hpp"

namespace {

// The refusal's message for `text` added to `labels`, "" when accepted.
std::string refusal(model::label_set& labels, const std::string& text) {
  auto added = model::add_label(labels, text);
  if (added)
    return "";
  BOOST_TEST(added.error().code == model::error_code::invalid_request);
  return added.error().message;
}

bool mentions(const std::string& message, const std::string& words) {
  return message.find(words) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(labels)

BOOST_AUTO_TEST_CASE(key_value_pairs_split_at_the_first_colon) {
  model::label_set labels;
  BOOST_TEST(refusal(labels, "line:3").empty());
  BOOST_TEST(refusal(labels, "part.no-2:A:1042/b").empty());
  BOOST_TEST(refusal(labels, "note:Prüfstand Nº 7 — ok ✓").empty());
  BOOST_TEST(labels.at("line") == "3");
  BOOST_TEST(labels.at("part.no-2") == "A:1042/b");
  BOOST_TEST(labels.at("note") == "Prüfstand Nº 7 — ok ✓");
}

BOOST_AUTO_TEST_CASE(keys_are_1_to_64_of_a_small_alphabet) {
  model::label_set labels;
  BOOST_TEST(mentions(refusal(labels, "line3"), "key:value"));
  BOOST_TEST(mentions(refusal(labels, ":3"), "1 to 64"));
  BOOST_TEST(refusal(labels, std::string(64, 'k') + ":v").empty());
  BOOST_TEST(mentions(refusal(labels, std::string(65, 'k') + ":v"), "1 to 64"));
  for (const char* bad : {"Line:3", "li ne:3", "line/1:3", "ünit:3"})
    BOOST_TEST(mentions(refusal(labels, bad), "may hold only"), bad);
}

BOOST_AUTO_TEST_CASE(values_are_1_to_256_printable_utf8_characters) {
  model::label_set labels;
  BOOST_TEST(mentions(refusal(labels, "a:"), "1 to 256"));
  BOOST_TEST(refusal(labels, "b:" + std::string(256, 'v')).empty());
  BOOST_TEST(mentions(refusal(labels, "c:" + std::string(257, 'v')), "1 to 256"));
  std::string wide; // 256 three-byte characters: counted as characters
  for (int i = 0; i < 256; ++i)
    wide += "\xE2\x9C\x93";
  BOOST_TEST(refusal(labels, "d:" + wide).empty());
  for (const std::string& bad : std::vector<std::string>{
           "e:tab\there", "e:nl\nhere", std::string("e:nul\0x", 7), "e:del\x7F", "e:c1\xC2\x85"})
    BOOST_TEST(mentions(refusal(labels, bad), "control character"), bad);
  for (const std::string& bad : std::vector<std::string>{"e:\xFF", "e:\xC0\xAF", "e:\xED\xA0\x80",
                                                         "e:\xE2\x9C", "e:\xF4\x90\x80\x80"})
    BOOST_TEST(mentions(refusal(labels, bad), "not UTF-8"));
}

BOOST_AUTO_TEST_CASE(a_key_once_and_at_most_16_labels) {
  model::label_set labels;
  BOOST_TEST(refusal(labels, "line:3").empty());
  BOOST_TEST(mentions(refusal(labels, "line:4"), "twice"));
  for (int i = 1; i < 16; ++i)
    BOOST_TEST(refusal(labels, "k" + std::to_string(i) + ":v").empty());
  BOOST_TEST(labels.size() == 16u);
  BOOST_TEST(mentions(refusal(labels, "k99:v"), "at most 16"));
}

BOOST_AUTO_TEST_SUITE_END()
