#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "http/transport/server_gate.hpp"

BOOST_AUTO_TEST_SUITE(server_gate_tests)

BOOST_AUTO_TEST_CASE(work_runs_while_open_also_nested) {
  http_api::server_gate gate;
  int runs = 0;
  BOOST_TEST(gate.run([&] {
    ++runs;
    BOOST_TEST(gate.run([&] { ++runs; }));
  }));
  BOOST_TEST(runs == 2);
}

BOOST_AUTO_TEST_CASE(work_after_close_is_dropped) {
  http_api::server_gate gate;
  gate.close();
  bool ran = false;
  BOOST_TEST(!gate.run([&] { ran = true; }));
  BOOST_TEST(!ran);
}

BOOST_AUTO_TEST_CASE(close_waits_for_the_work_running) {
  http_api::server_gate gate;
  std::atomic<bool> closed{false};
  std::thread closer;
  gate.run([&] {
    closer = std::thread([&] {
      gate.close();
      closed = true;
    });
    // Once new work is refused, close() has begun; it must not return
    // before this work does.
    while (gate.run([] {}))
      std::this_thread::yield();
    BOOST_TEST(!closed.load());
  });
  closer.join();
  BOOST_TEST(closed.load());
}

BOOST_AUTO_TEST_SUITE_END()
