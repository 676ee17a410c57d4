// Real servers for delivery tests, each a process the test starts on
// 127.0.0.1 and kills when the object goes away (RELIABILITY.md fixtures):
//   HookReceiver  FX-HOOK: a Python standard-library webhook receiver that
//                 logs every request and verifies signatures on its own
//                 (tests/support/hook_receiver.py);
//   SmtpServer    FX-SMTP: Debian's aiosmtpd with a Maildir and fault
//                 injection (tests/support/smtp_server.py);
//   TestCa        a per-run certificate authority and a server certificate
//                 for 127.0.0.1 / localhost (openssl CLI).
// Both servers run under /usr/bin/python3: the python3 first on PATH here
// does not see Debian's packages.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace newsalert::testing {

inline constexpr const char* kSystemPython = "/usr/bin/python3";

// One request the hook receiver saw.
struct HookRequest {
  double real_time = 0;     // Unix seconds, at arrival.
  double virtual_time = 0;  // The same on the test clock given to the receiver.
  std::string path;
  std::map<std::string, std::string> headers;  // Lower-case names.
  std::string body;
  int status = 0;           // What the receiver answered.
  int attempt = 0;          // 1 for the first request with this webhook-id on this path.
  int concurrent = 0;       // Requests to this path in progress at arrival, this one included.
  std::vector<bool> signature_ok;  // Per secret given to the receiver.

  std::string Header(const std::string& name) const;
  nlohmann::json Json() const;  // The body, parsed.
};

class HookReceiver {
 public:
  struct Options {
    std::vector<std::string> secrets;  // Verify signatures with these.
    std::string clock;                 // NEWSALERT_TEST_CLOCK value, for virtual_time.
    int port = 0;                      // 0: any free port.
  };
  HookReceiver() : HookReceiver(Options{}) {}
  explicit HookReceiver(Options options);

  int port() const { return port_; }
  std::string Url(const std::string& path) const;
  // Behaviour per path, see hook_receiver.py; takes effect at the next request.
  void SetScript(const nlohmann::json& script);
  // Requests completed so far (in order of completion); optionally one path.
  std::vector<HookRequest> Requests(const std::string& path = "") const;
  // Stops the receiver (its port refuses connections until Restart).
  void Stop();
  void Restart();

 private:
  void Start();

  Options options_;
  TempDir dir_;
  std::unique_ptr<Subprocess> process_;
  int port_ = 0;
};

// A certificate authority and a server certificate signed by it.
class TestCa {
 public:
  TestCa();
  std::filesystem::path ca_file() const { return dir_ / "ca.pem"; }
  std::filesystem::path cert_file() const { return dir_ / "server.pem"; }
  std::filesystem::path key_file() const { return dir_ / "server.key"; }

 private:
  TempDir dir_;
};

class SmtpServer {
 public:
  struct Options {
    const TestCa* starttls = nullptr;  // Offer STARTTLS with this CA's certificate.
    const TestCa* smtps = nullptr;     // TLS from the first byte instead.
    int size_limit = 0;                // Announce SIZE.
    std::string auth;                  // "user:password": AUTH required.
    std::string fail_rcpt;             // "451:2": the first 2 RCPT answered 451.
    std::string fail_data;             // "550:1".
    double data_delay = 0;             // Seconds before answering DATA.
  };
  explicit SmtpServer(Options options);

  int port() const { return port_; }
  // Events from the server's log (ehlo, rcpt, data), in order.
  std::vector<nlohmann::json> Events() const;
  // The raw messages in the Maildir.
  std::vector<std::string> Messages() const;

 private:
  Options options_;
  TempDir dir_;
  std::unique_ptr<Subprocess> process_;
  int port_ = 0;
};

// `sql` run by the sqlite3 CLI on `database`; its output.
std::string Sqlite(const std::filesystem::path& database, const std::string& sql);

// Waits for the first line of a fixture's stdout (its port).
int ReadPort(Subprocess& process, std::chrono::milliseconds timeout);

}  // namespace newsalert::testing
