// API keys on a real node, made with docker/new-api-key.sh as an operator
// would: requests need a key except /health, scopes are enforced, the key's
// name (never the key) shows in records and logs, and a bad key
// configuration stops the node at start.

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "tests/support/test_images.hpp"
#include "tests/system/integration/standalone_node.hpp"
#include "tests/system/security/node_memory.hpp"

namespace {

using integration::error_code_of;
using integration::image_path;
using test_support::deadline;

struct made_key {
  std::string key;
  std::string entry; // the key file line: NAME SCOPE SHA256HEX
};

// Runs docker/new-api-key.sh NAME SCOPE; its output has two lines that are
// not comments: the key, then the key file line.
made_key new_api_key(const std::string& name, const std::string& scope) {
  std::string command = "bash " NEW_API_KEY_SCRIPT " " + name + " " + scope;
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_TEST_REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe))
    output += buffer;
  BOOST_TEST_REQUIRE(::pclose(pipe) == 0, command << " failed:\n" << output);
  std::vector<std::string> lines;
  std::istringstream stream(output);
  for (std::string line; std::getline(stream, line);)
    if (!line.empty() && line.front() != '#')
      lines.push_back(line);
  BOOST_TEST_REQUIRE(lines.size() == 2u, output);
  BOOST_TEST_REQUIRE(lines[0].size() == 64u, output);
  BOOST_TEST_REQUIRE(lines[1].rfind(name + " " + scope + " ", 0) == 0u, output);
  return {lines[0], lines[1]};
}

const made_key& device_key() {
  static const made_key key = new_api_key("camera-7", "device");
  return key;
}
const made_key& admin_key() {
  static const made_key key = new_api_key("ops", "admin");
  return key;
}

std::string bearer(const made_key& key) {
  return "Authorization: Bearer " + key.key;
}

test_support::request_options as(const made_key& key,
                                 const std::string& content_type = "image/png") {
  test_support::request_options options;
  options.headers = {bearer(key), "Content-Type: " + content_type};
  return options;
}

// A temporary folder for key and config files, made before the node starts.
class file_folder {
public:
  file_folder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "caf-keys-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("cannot make a temporary folder");
    path_ = pattern;
  }
  ~file_folder() {
    std::filesystem::remove_all(path_);
  }

  /// Writes `content` to the file `name`; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    auto path = path_ / name;
    std::ofstream(path) << content;
    return path.string();
  }

private:
  std::filesystem::path path_;
};

std::string key_file_option(const file_folder& folder) {
  return "--api.keys-file=" +
         folder.write("api-keys", "# made by docker/new-api-key.sh\n" + device_key().entry + "\n" +
                                      admin_key().entry + "\n");
}

struct keyed_node : file_folder, integration::standalone_node {
  keyed_node() : standalone_node({key_file_option(*this)}) {}

  std::string upload_as(const made_key& key) {
    auto reply = client.send("POST", "/v1/images",
                             test_images::gradient(imaging::image_format::png, 64, 48), as(key));
    BOOST_TEST_REQUIRE(reply.status == 201, reply.body);
    return reply.json()["id"];
  }
};

// What a node started with `args` printed before it exited by itself.
struct refused_start {
  int exit_status;
  std::string output;
};

refused_start run_until_exit(test_support::node_workspace& workspace,
                             std::vector<std::string> args) {
  static int runs = 0;
  test_support::node_options options;
  options.name = "run-" + std::to_string(++runs);
  options.args = std::move(args);
  auto& node = workspace.add(std::move(options));
  node.start();
  auto status = node.wait_for_exit(deadline::in(std::chrono::seconds(10)));
  BOOST_TEST_REQUIRE(status.has_value(), "caf-node still runs:\n" << node.log_tail(10));
  return {*status, node.output_of_latest_start()};
}

const std::string some_digest(64, 'a');

} // namespace

BOOST_FIXTURE_TEST_SUITE(api_keys, keyed_node)

BOOST_AUTO_TEST_CASE(every_api_request_needs_a_key_but_health_does_not) {
  BOOST_TEST(client.get("/health").status == 200);
  for (const auto& path : {"/v1/images", "/v1/operations", "/v1/profiles", "/v1/nowhere"}) {
    auto reply = client.get(path);
    BOOST_TEST(reply.status == 401, path);
    BOOST_TEST(error_code_of(reply) == "unauthorized");
    BOOST_TEST(reply.header("WWW-Authenticate") == "Bearer realm=\"caf-node\"");
  }
  auto wrong = client.get("/v1/images", {"Authorization: Bearer " + std::string(64, '0')});
  BOOST_TEST(wrong.status == 401);
  BOOST_TEST(wrong.header("WWW-Authenticate") ==
             "Bearer realm=\"caf-node\", error=\"invalid_token\"");
  BOOST_TEST(client.get("/v1/images", {bearer(device_key())}).status == 200);
}

BOOST_AUTO_TEST_CASE(the_key_name_is_recorded_and_logged_never_the_key) {
  std::string id = upload_as(device_key());
  auto command = client.send("POST", image_path(id, "/commands?wait=30"), "resize 32 32",
                             as(admin_key(), "text/plain"));
  BOOST_TEST_REQUIRE((command.status == 200 || command.status == 202), command.body);
  auto image = client.get(image_path(id), {bearer(device_key())}).json();
  BOOST_TEST(image["uploaded_by"] == "camera-7");
  BOOST_TEST(image["versions"][0]["submitted_by"] == "ops");

  // The records survive a restart with the names.
  process.terminate(deadline::in(std::chrono::seconds(30)));
  start_again();
  image = client.get(image_path(id), {bearer(admin_key())}).json();
  BOOST_TEST(image["uploaded_by"] == "camera-7");
  BOOST_TEST(image["versions"][0]["submitted_by"] == "ops");

  auto log = process.log();
  BOOST_TEST(log.find("key=camera-7") != std::string::npos, log);
  BOOST_TEST(log.find("key=ops") != std::string::npos);
  BOOST_TEST(log.find(device_key().key) == std::string::npos);
  BOOST_TEST(log.find(admin_key().key) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(images_are_found_by_the_name_of_the_key_that_uploaded_them) {
  auto from_camera = upload_as(device_key());
  auto from_ops = upload_as(admin_key());
  auto uploaded_by = [&](const std::string& name) {
    auto reply = client.get("/v1/images?uploaded_by=" + name, {bearer(device_key())});
    BOOST_TEST_REQUIRE(reply.status == 200, reply.body);
    auto page = reply.json();
    std::vector<std::string> ids;
    for (const auto& image : page["images"])
      ids.push_back(image["id"]);
    return ids;
  };
  BOOST_TEST(uploaded_by("camera-7") == std::vector<std::string>{from_camera});
  BOOST_TEST(uploaded_by("ops") == std::vector<std::string>{from_ops});
  BOOST_TEST(uploaded_by("nobody").empty());
}

BOOST_AUTO_TEST_CASE(deleting_and_the_cluster_view_need_the_admin_scope) {
  std::string id = upload_as(device_key());
  auto refused = client.send("DELETE", image_path(id), "", as(device_key()));
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(error_code_of(refused) == "forbidden");
  BOOST_TEST(client.get("/v1/cluster", {bearer(device_key())}).status == 403);
  BOOST_TEST(client.get("/v1/cluster", {bearer(admin_key())}).status == 200);
  BOOST_TEST(client.send("DELETE", image_path(id), "", as(admin_key())).status == 204);
  BOOST_TEST(process.log().find("refused DELETE") != std::string::npos);
}

// Webhooks send events anywhere: only operators manage them. The admin's
// key name is recorded as their creator.
BOOST_AUTO_TEST_CASE(webhooks_need_the_admin_scope) {
  const std::string hook = R"({"url": "http://127.0.0.1:9/hook", "events": ["image.created"]})";
  auto refused = client.send("POST", "/v1/webhooks", hook, as(device_key(), "application/json"));
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(error_code_of(refused) == "forbidden");
  BOOST_TEST(client.get("/v1/webhooks", {bearer(device_key())}).status == 403);
  auto created = client.send("POST", "/v1/webhooks", hook, as(admin_key(), "application/json"));
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  std::string id = created.json()["id"];
  BOOST_TEST(created.json()["created_by"] == "ops");
  BOOST_TEST(client.get("/v1/webhooks/" + id, {bearer(device_key())}).status == 403);
  BOOST_TEST(client.send("DELETE", "/v1/webhooks/" + id, "", as(device_key())).status == 403);
  BOOST_TEST(client.send("DELETE", "/v1/webhooks/" + id, "", as(admin_key())).status == 204);
  BOOST_TEST(client.get("/v1/webhooks").status == 401);
}

// <img> cannot send a key: a signed URL opens one image's bytes for a while.
BOOST_AUTO_TEST_CASE(signed_urls_open_one_images_bytes_without_a_key) {
  std::string id = upload_as(device_key());
  std::string other = upload_as(device_key());
  BOOST_TEST(client.get(image_path(id, "/signature")).status == 401);
  auto signature = client.get(image_path(id, "/signature?ttl=60"), {bearer(device_key())});
  BOOST_TEST_REQUIRE(signature.status == 200, signature.body);
  BOOST_TEST(signature.header("Cache-Control") == "no-store");
  auto body = signature.json();
  std::string query = body["query"];
  std::int64_t exp = body["exp"];
  BOOST_TEST(body["original"] == image_path(id, "/original?" + query));
  BOOST_TEST(query.find(device_key().key) == std::string::npos);

  auto original = client.get(image_path(id, "/original?" + query));
  BOOST_TEST(original.status == 200, original.body);
  BOOST_TEST(original.header("Content-Type") == "image/png");
  BOOST_TEST(client.get(image_path(id, "/content?" + query)).status == 200);

  auto refused = [&](const std::string& path) {
    auto reply = client.get(path);
    BOOST_TEST(reply.status == 401, path << ": " << reply.body);
    BOOST_TEST(error_code_of(reply) == "unauthorized", path);
  };
  refused(image_path(other, "/original?" + query)); // another image
  refused(image_path(id, "?" + query));             // not its bytes
  refused(image_path(id, "/original?exp=" + std::to_string(exp + 1) +
                             "&sig=" + body["sig"].get<std::string>()));
  refused(image_path(id, "/original?exp=" + std::to_string(exp) + "&sig=" + some_digest));
  refused(image_path(id, "/original?exp=1&sig=" + body["sig"].get<std::string>())); // expired
  refused(image_path(id, "/original?sig=" + body["sig"].get<std::string>()));
  for (const char* ttl : {"0", "3601", "x"}) {
    auto bad =
        client.get(image_path(id, std::string("/signature?ttl=") + ttl), {bearer(device_key())});
    BOOST_TEST(bad.status == 400, ttl);
  }
  BOOST_TEST(
      client.get(image_path("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "/signature"), {bearer(device_key())})
          .status == 404);
}

BOOST_AUTO_TEST_CASE(a_body_without_a_valid_key_is_never_read) {
  auto pid = security_test::node_pid(process.http_port());
  auto before = security_test::resident_kib(pid);
  for (const char* authorization :
       {"", "Authorization: Bearer guess\r\n", "Authorization: Basic b3BzOmtleQ==\r\n"}) {
    // 60 MB announced (the limit is 64 MiB), none sent: the answer can only
    // come from the headers.
    for (int i = 0; i < 10; ++i) {
      test_support::raw_connection announced(process.http_port());
      announced.send(std::string("POST /v1/images HTTP/1.1\r\nHost: t\r\n") + authorization +
                     "Content-Length: 60000000\r\n\r\n");
      auto refused = announced.read_response();
      BOOST_TEST(test_support::status_of(refused) == 401, refused);
    }
  }
  auto after = security_test::resident_kib(pid);
  BOOST_TEST_MESSAGE("30 unauthenticated 60 MB uploads: node RSS " << before << " KiB -> " << after
                                                                   << " KiB");
  BOOST_TEST(after < before + security_test::flat_growth_kib);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(api_key_configuration)

BOOST_AUTO_TEST_CASE(keys_in_the_config_file_and_the_key_file_add_up) {
  file_folder folder;
  auto config = folder.write("caf-node.ini", "[api]\nkeys=[\"" + admin_key().entry + "\"]\n");
  auto keys = folder.write("keys", device_key().entry + "\n");
  integration::standalone_node node({"--config-file=" + config, "--api.keys-file=" + keys});
  BOOST_TEST(node.client.get("/v1/images", {bearer(device_key())}).status == 200);
  BOOST_TEST(node.client.get("/v1/cluster", {bearer(admin_key())}).status == 200);
  BOOST_TEST(node.client.get("/v1/images").status == 401);
}

BOOST_AUTO_TEST_CASE(a_bad_key_configuration_stops_the_node_at_start) {
  integration::test_workspace workspace;
  file_folder folder;
  struct bad_config {
    std::string keys;
    std::string named;
  };
  for (const auto& bad : {
           bad_config{"camera root " + some_digest, "the scope must be device or admin"},
           bad_config{"camera device " + some_digest.substr(1) + "x",
                      "the digest must be 64 hex digits"},
           bad_config{"camera device " + some_digest + "\ncamera admin " + std::string(64, 'b'),
                      "the name \"camera\" is already used by"},
           bad_config{"camera device", "expected \"NAME SCOPE SHA256HEX\""},
       }) {
    BOOST_TEST_CONTEXT(bad.keys) {
      auto path = folder.write("keys", bad.keys + "\n");
      auto result = run_until_exit(workspace, {"--api.keys-file=" + path});
      BOOST_TEST(result.exit_status == 2);
      BOOST_TEST(result.output.find("api.keys-file " + path + " line ") != std::string::npos,
                 result.output);
      BOOST_TEST(result.output.find(bad.named) != std::string::npos, result.output);
      BOOST_TEST(result.output.find("serving http://") == std::string::npos);
    }
  }
  auto missing = run_until_exit(workspace, {"--api.keys-file=/nonexistent/keys"});
  BOOST_TEST(missing.exit_status == 2);
  BOOST_TEST(missing.output.find("cannot read api.keys-file /nonexistent/keys") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
