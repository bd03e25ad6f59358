#include "nodes/shell/watch.hpp"

#include <ostream>

#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include "actors/model/clock.hpp"

namespace shell {

namespace {

constexpr int refresh_ms = 1000;

/// Keys reach the program one by one and unechoed while it lives.
class raw_keys {
public:
  raw_keys() {
    tcgetattr(STDIN_FILENO, &saved_);
    auto raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
  }
  ~raw_keys() {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }

  /// Waits up to `ms` for a key; consumes it.
  bool key_pressed(int ms) {
    pollfd input{STDIN_FILENO, POLLIN, 0};
    if (poll(&input, 1, ms) <= 0)
      return false;
    char key = 0;
    return read(STDIN_FILENO, &key, 1) >= 0;
  }

private:
  termios saved_{};
};

} // namespace

model::status watch(const std::function<model::status(const std::string& view)>& show,
                    std::ostream& out) {
  if (!isatty(STDIN_FILENO))
    return model::problem{model::error_code::invalid_request,
                          "watch needs a terminal (run nodes and jobs instead)"};
  raw_keys keys;
  do {
    out << "\033[H\033[2J" << model::format_rfc3339(model::now_ms())
        << "  (press any key to stop)\n\n";
    for (const auto* view : {"nodes", "jobs"}) {
      if (auto shown = show(view); !shown)
        return shown;
      out << "\n";
    }
    out << std::flush;
  } while (!keys.key_pressed(refresh_ms));
  return model::ok_status();
}

} // namespace shell
