#include <boost/test/unit_test.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "http/transport/connection_input.hpp"

namespace {

using http_api::connection_input;
using arrival = connection_input::arrival;

constexpr std::size_t no_limit = 1 << 20;

// Answers the request being answered; returns close_after and whether the
// caller took the turn.
std::pair<bool, bool> answer(connection_input& input) {
  bool close_after = false;
  bool turn = input.answer([&](bool close) { close_after = close; });
  return {close_after, turn};
}

} // namespace

BOOST_AUTO_TEST_SUITE(connection_input_tests)

BOOST_AUTO_TEST_CASE(the_first_bytes_give_the_turn_and_come_back_in_chunks) {
  connection_input input(no_limit);
  BOOST_TEST((input.receive("abcdef") == arrival::parse));
  BOOST_TEST((input.receive("g") == arrival::held)); // the turn is taken
  BOOST_TEST(*input.next(4) == "abcd");
  BOOST_TEST(*input.next(4) == "efg");
  BOOST_TEST(!input.next(4).has_value()); // the turn ends
  BOOST_TEST((input.receive("h") == arrival::parse));
}

BOOST_AUTO_TEST_CASE(what_follows_a_request_waits_for_its_answer) {
  connection_input input(no_limit);
  BOOST_TEST((input.receive("GET 1 GET 2 ") == arrival::parse));
  BOOST_TEST(*input.next(no_limit) == "GET 1 GET 2 ");
  input.request_complete("GET 2 ");
  BOOST_TEST(!input.next(no_limit).has_value());
  BOOST_TEST((input.receive("GET 3") == arrival::held));
  auto [close_after, turn] = answer(input);
  BOOST_TEST(!close_after);
  BOOST_TEST(turn);
  BOOST_TEST(*input.next(no_limit) == "GET 2 GET 3");
}

BOOST_AUTO_TEST_CASE(an_answer_with_nothing_waiting_takes_no_turn) {
  connection_input input(no_limit);
  input.receive("GET 1");
  input.next(no_limit);
  input.request_complete("");
  BOOST_TEST(!input.next(no_limit).has_value());
  BOOST_TEST(!answer(input).second);
  BOOST_TEST((input.receive("GET 2") == arrival::parse));
}

BOOST_AUTO_TEST_CASE(an_answer_given_during_the_turn_leaves_the_turn_with_its_holder) {
  connection_input input(no_limit);
  input.receive("AB");
  BOOST_TEST(*input.next(no_limit) == "AB");
  input.request_complete("B");
  BOOST_TEST(!answer(input).second); // answered at once, inside the dispatch
  BOOST_TEST(*input.next(no_limit) == "B");
}

BOOST_AUTO_TEST_CASE(a_closed_input_ignores_bytes_and_closes_after_the_answer) {
  connection_input input(no_limit);
  input.receive("GET 1 GET 2");
  input.next(no_limit);
  input.request_complete("GET 2");
  input.close();
  BOOST_TEST((input.receive("GET 3") == arrival::ignored));
  auto [close_after, turn] = answer(input);
  BOOST_TEST(close_after);
  BOOST_TEST(!turn);
}

BOOST_AUTO_TEST_CASE(too_much_early_input_closes_the_connection_after_the_answer) {
  connection_input input(10);
  input.receive("GET 1");
  input.next(no_limit);
  input.request_complete("");
  input.next(no_limit);
  BOOST_TEST((input.receive("12345678") == arrival::held));
  BOOST_TEST((input.receive("123") == arrival::over_limit));
  BOOST_TEST((input.receive("1") == arrival::ignored));
  auto [close_after, turn] = answer(input);
  BOOST_TEST(close_after);
  BOOST_TEST(!turn);
}

BOOST_AUTO_TEST_CASE(only_early_input_is_limited) {
  connection_input input(4);
  BOOST_TEST((input.receive("a long request head") == arrival::parse));
  BOOST_TEST((input.receive("and its body") == arrival::held));
  BOOST_TEST(*input.next(no_limit) == "a long request headand its body");
}

// One byte is one request. The event loop receives; another thread answers
// and, when input is waiting, parses on. Every byte must be parsed once, in
// order, and every request answered.
BOOST_AUTO_TEST_CASE(every_byte_is_parsed_once_in_order_across_threads) {
  constexpr int requests = 2000;
  connection_input input(requests);
  std::mutex mutex;
  std::condition_variable due;
  int answers_due = 0;
  std::string parsed;
  auto hold_turn = [&] {
    while (auto bytes = input.next(1)) {
      input.request_complete("");
      std::lock_guard lock(mutex);
      parsed += *bytes;
      ++answers_due;
      due.notify_all();
    }
  };
  std::thread answering([&] {
    for (int answered = 0; answered < requests; ++answered) {
      {
        std::unique_lock lock(mutex);
        due.wait(lock, [&] { return answers_due > 0; });
        --answers_due;
      }
      if (input.answer([](bool) {}))
        hold_turn();
    }
  });
  std::string sent;
  for (int i = 0; i < requests; ++i) {
    sent += static_cast<char>('a' + i % 26);
    if (input.receive(sent.substr(sent.size() - 1)) == arrival::parse)
      hold_turn();
  }
  answering.join();
  BOOST_TEST(parsed == sent);
}

BOOST_AUTO_TEST_SUITE_END()
