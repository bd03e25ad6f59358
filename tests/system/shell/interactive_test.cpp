// caf-shell at a terminal, driven through tmux: the prompt, a command,
// history recalled with the up arrow, tab completion of command names and
// image ids, and watch until a key is pressed.

#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "tests/system/cluster/shell_command.hpp"
#include "tests/system/shell/inspected_cluster.hpp"

namespace shell_tests {

namespace {

using cluster_tests::quoted;
using cluster_tests::run_command;

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++count;
  return count;
}

/// A tmux server of its own (its own socket) running one command in a
/// pseudo-terminal; killed with this object.
class terminal {
public:
  terminal(const std::string& socket, const std::vector<std::string>& command) : socket_(socket) {
    std::string line;
    for (const auto& word : command)
      line += (line.empty() ? "" : " ") + quoted(word);
    tmux({"new-session", "-d", "-s", "shell", "-x", "150", "-y", "60", line});
  }
  ~terminal() {
    try {
      tmux({"kill-server"});
    } catch (const std::exception&) {
      // The server ended with its only session.
    }
  }

  void type(const std::string& text) {
    tmux({"send-keys", "-t", "shell", "-l", text});
  }
  void press(const std::string& key) {
    tmux({"send-keys", "-t", "shell", key});
  }
  std::string screen() {
    return tmux({"capture-pane", "-p", "-t", "shell"});
  }

  /// Polls the screen until `ready` holds; fails the test, quoting the
  /// screen, when it does not within a few seconds.
  std::string wait_for(const std::function<bool(const std::string&)>& ready,
                       const std::string& what) {
    std::string shown;
    bool reached = test_support::poll_until(
        [&] {
          shown = screen();
          return ready(shown);
        },
        deadline::in(shell_limit), std::chrono::milliseconds(50));
    BOOST_TEST_REQUIRE(reached, "the terminal never showed " << what << ":\n" << shown);
    return shown;
  }

private:
  std::string tmux(std::vector<std::string> words) {
    words.insert(words.begin(), {"tmux", "-L", socket_});
    return run_command(words);
  }

  std::string socket_;
};

/// The shortest prefix of `id` that no other of `ids` starts with.
std::string unique_prefix(const std::string& id, const std::vector<std::string>& ids) {
  for (std::size_t length = 1; length < id.size(); ++length) {
    auto prefix = id.substr(0, length);
    if (std::none_of(ids.begin(), ids.end(), [&](const std::string& other) {
          return other != id && other.compare(0, length, prefix) == 0;
        }))
      return prefix;
  }
  return id;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(interactive, inspected_cluster)

BOOST_AUTO_TEST_CASE(the_prompt_runs_commands_recalls_history_and_completes) {
  const auto& id = image_with_versions();
  auto listing = json_of("images 200");
  std::vector<std::string> ids;
  for (const auto& row : listing["images"])
    ids.push_back(row["id"]);

  std::vector<std::string> command{"env", "TERM=xterm", shell_path()};
  for (const auto& word : connection())
    command.push_back(word);
  terminal shell("caf-shell-test-" + std::to_string(getpid()), command);
  shell.wait_for([](const std::string& s) { return occurrences(s, "caf-shell>") == 1; },
                 "the prompt");

  shell.type("nodes");
  shell.press("Enter");
  shell.wait_for([](const std::string& s) { return occurrences(s, "caf-shell>") == 2; },
                 "the answer to nodes and a new prompt");
  auto after_nodes = shell.screen();
  BOOST_TEST(occurrences(after_nodes, " up ") == 3u, after_nodes);

  shell.press("Up");
  shell.wait_for([](const std::string& s) { return occurrences(s, "caf-shell> nodes") == 2; },
                 "nodes recalled from the history");
  shell.press("Enter");
  shell.wait_for([](const std::string& s) { return occurrences(s, " up ") == 6; },
                 "the recalled command's answer");

  shell.type("wor");
  shell.press("Tab");
  shell.wait_for([](const std::string& s) { return occurrences(s, "caf-shell> workers") == 1; },
                 "workers completed from wor");
  shell.press("Enter");
  shell.wait_for([](const std::string& s) { return occurrences(s, "one#") == 1; },
                 "the workers table");

  shell.type("image " + unique_prefix(id, ids));
  shell.press("Tab");
  shell.wait_for(
      [&](const std::string& s) { return occurrences(s, "caf-shell> image " + id) == 1; },
      "image " + id + " completed from its prefix");
  shell.press("Enter");
  shell.wait_for([](const std::string& s) { return occurrences(s, "resize 64 64") == 1; },
                 "the image's versions");

  shell.type("watch");
  shell.press("Enter");
  shell.wait_for(
      [](const std::string& s) {
        return occurrences(s, "(press any key to stop)") == 1 && occurrences(s, "(no jobs)") == 1;
      },
      "the watched nodes and jobs");
  shell.press("q");
  shell.wait_for(
      [](const std::string& s) {
        return occurrences(s, "caf-shell>") >= 1 && s.find("caf-shell>") > s.find("(no jobs)");
      },
      "the prompt after watch");

  shell.type("quit");
  shell.press("Enter");
  BOOST_TEST(test_support::poll_until(
      [&] {
        try {
          shell.screen();
          return false;
        } catch (const std::exception&) {
          return true; // the session ended with the shell
        }
      },
      deadline::in(shell_limit), std::chrono::milliseconds(50)));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace shell_tests
