// HostileFeedServer: the Python feed server of tests/integration/
// hostile_feed_server.py (RELIABILITY.md FX-FEED) as a test fixture: started
// on loopback addresses, its request log and connection counters readable
// from the test, killed when the fixture goes away.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace newsalert::testing {

struct ServedRequest {
  double time = 0;            // Unix seconds (real time) when it arrived.
  std::string listener;       // "main", "alt", a --bind or --tls name.
  std::string path;
  std::map<std::string, std::string> headers;  // Lower-case names.
};

class HostileFeedServer {
 public:
  struct Options {
    std::map<std::string, std::string> binds;  // Extra plain listeners: name -> address.
    // TLS listeners on 127.0.0.1: name -> "CERT,KEY" or "CERT,KEY,tls11".
    std::map<std::string, std::string> tls;
    bool bombs = false;  // Build the 200 MiB decompression bombs at start.
  };

  HostileFeedServer() : HostileFeedServer(Options()) {}
  explicit HostileFeedServer(const Options& options);

  int port(const std::string& listener = "main") const;
  // "http://ADDRESS:PORT" + path ("https://127.0.0.1:PORT" for TLS listeners).
  std::string Url(const std::string& path, const std::string& listener = "main") const;

  std::vector<ServedRequest> Requests() const;
  std::vector<ServedRequest> Requests(const std::string& path_prefix) const;
  // GET /_stats: {"listeners": {name: {connections, max_active, requests, ...}},
  // "global": {max_active}}.
  nlohmann::json Stats() const;

 private:
  TempDir dir_;
  std::map<std::string, std::string> addresses_;
  std::map<std::string, std::string> schemes_;
  std::map<std::string, int> ports_;
  std::unique_ptr<Subprocess> process_;
};

// Runs `openssl` to make a self-signed certificate + key in `dir` named
// NAME.pem / NAME.key, for subjectAltName `san` (e.g. "IP:127.0.0.1").
// `expired` backdates it. Returns false when openssl failed.
bool MakeCertificate(const std::filesystem::path& dir, const std::string& name,
                     const std::string& san, bool expired = false);

}  // namespace newsalert::testing
