// Helpers shared by newsalert's tests: temporary folders, files, running the
// real binary, and where things are.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace newsalert::testing {

// A fresh folder under $TMPDIR (or /tmp), removed with its contents when
// the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void WriteFile(const std::filesystem::path& path, const std::string& contents);
std::string ReadFile(const std::filesystem::path& path);

// The built newsalert executable and the source tree (set by CMake).
std::filesystem::path NewsalertBinary();
std::filesystem::path SourceDir();
std::filesystem::path TestDataDir();

struct ProcessResult {
  int exit_code = -1;       // -1 when killed by a signal or timed out.
  int signal = 0;
  bool timed_out = false;
  std::string out;
  std::string err;
  long max_rss_kb = 0;      // Peak resident set size of the child.
};

// Secrets the tests use. A test that needs a webhook URL token, a signing
// secret or a password takes it from here, so that the secret-hygiene check
// (RELIABILITY T35, tests/integration/secret_hygiene_test.cc) can prove that
// none of them ever reaches the output of any newsalert run of the suite.
inline constexpr char kTestUrlToken[] = "T0KEN-in-the-path-5ecr3t";
// "whsec_" + base64("secret-signing-key-for-tests").
inline constexpr char kTestWebhookSecret[] = "whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cw==";
inline constexpr char kTestWebhookSecretKey[] = "secret-signing-key-for-tests";
inline constexpr char kTestSmtpPassword[] = "smtp-Pa55word-for-tests";
// Every string above, plus the base64 part of the webhook secret.
std::vector<std::string> TestSecrets();

// A child process with its standard output and error going to files.
// With NEWSALERT_TEST_LOG_DIR set (CTest sets it for the integration
// tests), both files are copied there when the process object goes away,
// for the suite-wide secret-hygiene check.
class Subprocess {
 public:
  // Starts `args` (args[0] is the program path) with the current environment
  // plus `env` (overrides). Stdout/stderr go to files in a private folder.
  Subprocess(const std::vector<std::string>& args,
             const std::map<std::string, std::string>& env = {});
  ~Subprocess();  // Kills (SIGKILL) and reaps the child if still running.
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  int pid() const { return pid_; }
  bool Running();
  void Signal(int signal);
  // Waits for exit up to `timeout`; kills it after that.
  ProcessResult Wait(std::chrono::milliseconds timeout);
  // Output so far.
  std::string Out() const;
  std::string Err() const;

 private:
  void KeepLogs() const;

  TempDir dir_;
  int pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  long max_rss_kb_ = 0;
};

// Runs a command to completion (bounded by `timeout`).
ProcessResult Run(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {},
                  std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Runs `newsalert ARGS...`.
ProcessResult RunNewsalert(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env = {},
                           std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreeLocalPort();

// Polls `condition` every 20 ms until it holds or `timeout` passes.
template <typename Condition>
bool WaitFor(Condition&& condition, std::chrono::milliseconds timeout);

}  // namespace newsalert::testing

#include <thread>

namespace newsalert::testing {

template <typename Condition>
bool WaitFor(Condition&& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace newsalert::testing
