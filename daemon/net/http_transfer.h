// HTTP over the TransferLoop: a request description, the response, and the
// classified reasons a transfer can fail. Used for feeds (GET, redirects
// followed, body capped) and webhooks (POST, redirects never followed).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/duration.h"
#include "net/transfer_loop.h"

namespace newsalert::net {

using namespace std::chrono_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string url;
  std::string method = "GET";          // "GET" or "POST".
  Headers headers;                     // Sent as given.
  std::string body;                    // POST body.
  Duration connect_timeout = 10s;
  Duration total_timeout = 30s;
  // Abort when fewer than low_speed_bytes arrive per second for this long.
  Duration low_speed_window = 15s;
  long low_speed_bytes = 1024;
  std::size_t max_body_bytes = 10u << 20;  // Decoded bytes; over = kTooLarge.
  int max_redirects = 0;               // 0: a 3xx is returned as is.
  bool allow_file_scheme = false;      // Only for URLs configured as file://.
  bool accept_compressed = true;       // Accept-Encoding: every coding curl has.
  std::string ca_file;                 // Trust anchors instead of the system store.
  std::string user_agent;
  // SSRF guard: after a redirect, refuse to connect to a non-public address
  // (checked on the resolved address, at connect time) unless the first
  // address of this request was itself non-public, i.e. an admin configured
  // a feed inside private space. See net/address_scope.h.
  bool refuse_private_redirects = false;
};

// Why a transfer produced no HTTP response.
enum class TransferErrorKind {
  kNone,
  kDns,
  kConnect,
  kTls,
  kTimeout,
  kTooLarge,
  kTooManyRedirects,
  kRefused,    // A policy of ours refused it (scheme, address).
  kProtocol,   // Anything else: bad response, reset, file not found.
};

const char* TransferErrorKindName(TransferErrorKind kind);

// The kind of a libcurl failure, for every protocol we speak (HTTP, SMTP).
TransferErrorKind ClassifyCurlError(CURLcode code);

struct HttpResponse {
  long status = 0;                   // file:// transfers report 200.
  std::string effective_url;         // After redirects.
  Headers headers;                   // Of the final response; names lower-cased.
  std::string body;                  // Decoded (decompressed).
  int redirect_count = 0;
  // Every redirect followed was permanent (301 or 308): effective_url is the
  // resource's new home (RFC 9110 section 15.4).
  bool moved_permanently = false;
  std::chrono::milliseconds elapsed{0};

  // The first header with this lower-case name, or "".
  std::string Header(std::string_view lower_name) const;
};

struct HttpResult {
  TransferErrorKind error = TransferErrorKind::kNone;
  std::string error_message;         // Set when error != kNone.
  HttpResponse response;             // Meaningful when ok().

  bool ok() const { return error == TransferErrorKind::kNone; }
};

using HttpCallback = std::function<void(HttpResult result)>;

// Starts `request` on `loop`; `done` runs on the loop thread when it ends.
// When curl refuses to start, `done` runs before this returns.
void StartHttp(TransferLoop& loop, HttpRequest request, HttpCallback done);

}  // namespace newsalert::net
