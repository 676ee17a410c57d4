#include "net/http_transfer.h"

#include <sys/socket.h>

#include "base/strings.h"
#include "net/address_scope.h"
#include "net/curl_handle.h"

namespace newsalert::net {
namespace {

class HttpTransfer final : public Transfer {
 public:
  HttpTransfer(HttpRequest request, HttpCallback done)
      : request_(std::move(request)), done_(std::move(done)) {}

  // Sets every option; returns false when libcurl rejects one.
  bool Configure() {
    CURL* e = easy_.get();
    if (e == nullptr) return false;
    bool ok = true;
    auto set = [&](CURLoption option, auto value) {
      if (curl_easy_setopt(e, option, value) != CURLE_OK) ok = false;
    };
    set(CURLOPT_URL, request_.url.c_str());
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_PRIVATE, this);
    set(CURLOPT_WRITEFUNCTION, &HttpTransfer::OnBody);
    set(CURLOPT_WRITEDATA, this);
    set(CURLOPT_HEADERFUNCTION, &HttpTransfer::OnHeader);
    set(CURLOPT_HEADERDATA, this);
    set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request_.connect_timeout.count()));
    set(CURLOPT_TIMEOUT_MS, static_cast<long>(request_.total_timeout.count()));
    set(CURLOPT_LOW_SPEED_LIMIT, request_.low_speed_bytes);
    set(CURLOPT_LOW_SPEED_TIME,
        static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                              request_.low_speed_window)
                              .count()));
    // libcurl 7.88 follows redirects without limit by default; we never do.
    set(CURLOPT_FOLLOWLOCATION, request_.max_redirects > 0 ? 1L : 0L);
    set(CURLOPT_MAXREDIRS, static_cast<long>(request_.max_redirects));
    set(CURLOPT_PROTOCOLS_STR, request_.allow_file_scheme ? "file" : "http,https");
    set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    if (request_.accept_compressed) set(CURLOPT_ACCEPT_ENCODING, "");
    if (!request_.user_agent.empty()) set(CURLOPT_USERAGENT, request_.user_agent.c_str());
    if (!request_.ca_file.empty()) set(CURLOPT_CAINFO, request_.ca_file.c_str());
    set(CURLOPT_SSL_VERIFYPEER, 1L);
    set(CURLOPT_SSL_VERIFYHOST, 2L);
    // HTTP/2 over TLS where the server offers it (ALPN), HTTP/1.1 otherwise.
    // PIPEWAIT: a transfer starting while a connection to its host is being
    // set up waits to learn whether it can multiplex over it, instead of
    // opening one connection per concurrent transfer.
    set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    set(CURLOPT_PIPEWAIT, 1L);
    // Proxies come from the standard environment variables (http_proxy,
    // https_proxy, all_proxy, no_proxy), which libcurl reads as long as
    // CURLOPT_PROXY is left unset: keep it that way.
    if (request_.refuse_private_redirects) {
      set(CURLOPT_OPENSOCKETFUNCTION, &HttpTransfer::OnOpenSocket);
      set(CURLOPT_OPENSOCKETDATA, this);
    }
    for (const auto& [name, value] : request_.headers) {
      std::string line = name + ": " + value;
      if (!headers_.Append(line.c_str())) ok = false;
    }
    if (request_.method == "POST") {
      set(CURLOPT_POST, 1L);
      set(CURLOPT_POSTFIELDS, request_.body.data());
      set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request_.body.size()));
      // A webhook receiver answers at once; "Expect: 100-continue" only adds
      // a round trip (or a 1 s stall with servers that ignore it).
      if (!headers_.Append("Expect:")) ok = false;
    }
    set(CURLOPT_HTTPHEADER, headers_.get());
    return ok;
  }

  CURL* easy() const override { return easy_.get(); }

  void Complete(CURLcode code) override {
    HttpResult result;
    CURL* e = easy_.get();
    if (too_large_) {
      result.error = TransferErrorKind::kTooLarge;
      result.error_message = "body larger than " + std::to_string(request_.max_body_bytes) +
                             " bytes";
    } else if (!refused_address_.empty()) {
      result.error = TransferErrorKind::kRefused;
      result.error_message = "redirected from a public address to " + refused_address_ +
                             ": refused";
    } else if (code != CURLE_OK) {
      result.error = ClassifyCurlError(code);
      result.error_message = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
    }
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    char* effective_url = nullptr;
    curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &effective_url);
    long redirects = 0;
    curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &redirects);
    curl_off_t total_us = 0;
    curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &total_us);
    HttpResponse& response = result.response;
    response.status = request_.allow_file_scheme && code == CURLE_OK && status == 0 ? 200 : status;
    response.effective_url = effective_url != nullptr ? effective_url : request_.url;
    response.redirect_count = static_cast<int>(redirects);
    response.moved_permanently = redirects > 0 && all_redirects_permanent_;
    response.elapsed = std::chrono::milliseconds(total_us / 1000);
    response.headers = std::move(headers_received_);
    response.body = std::move(body_);
    if (done_) done_(std::move(result));
  }

  char* error_buffer() { return error_buffer_; }

 private:

  // libcurl hands us decoded bytes here, so this is where a gzip bomb is
  // stopped: CURLOPT_MAXFILESIZE in 7.88 checks neither chunked nor decoded
  // sizes (RELIABILITY.md finding 1).
  static size_t OnBody(char* data, size_t size, size_t count, void* user) {
    auto* self = static_cast<HttpTransfer*>(user);
    size_t bytes = size * count;
    if (self->body_.size() + bytes > self->request_.max_body_bytes) {
      self->too_large_ = true;
      return 0;  // Aborts the transfer with CURLE_WRITE_ERROR.
    }
    self->body_.append(data, bytes);
    return bytes;
  }

  static size_t OnHeader(char* data, size_t size, size_t count, void* user) {
    auto* self = static_cast<HttpTransfer*>(user);
    size_t bytes = size * count;
    std::string_view line(data, bytes);
    if (line.rfind("HTTP/", 0) == 0) {
      // A new response (after a redirect or a 100 Continue): keep only the
      // headers of the last one, but remember what kind of redirect led here.
      self->headers_received_.clear();
      self->OnStatusLine(line);
      return bytes;
    }
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      self->headers_received_.emplace_back(ToLowerAscii(Trim(line.substr(0, colon))),
                                           std::string(Trim(line.substr(colon + 1))));
    }
    return bytes;
  }

  void OnStatusLine(std::string_view line) {
    // "HTTP/1.1 301 Moved Permanently", "HTTP/2 308".
    std::string_view rest = line.substr(std::min(line.find(' '), line.size()));
    rest = Trim(rest);
    int status = 0;
    for (std::size_t i = 0; i < rest.size() && i < 3 && rest[i] >= '0' && rest[i] <= '9'; ++i) {
      status = status * 10 + (rest[i] - '0');
    }
    if (status >= 300 && status <= 399 && status != 301 && status != 308) {
      all_redirects_permanent_ = false;
    }
    if (!origin_known_) {
      // The first response of the request: which address did it come from?
      // (Also right for a reused connection, which OnOpenSocket never sees.)
      char* ip = nullptr;
      if (curl_easy_getinfo(easy_.get(), CURLINFO_PRIMARY_IP, &ip) == CURLE_OK &&
          ip != nullptr && *ip != '\0') {
        std::optional<AddressScope> scope = ClassifyHost(ip);
        origin_known_ = true;
        origin_public_ = (scope && *scope == AddressScope::kPublic) || IsTestPublicAddress(ip);
      }
    }
  }

  // The SSRF guard (CURLOPT_OPENSOCKETFUNCTION): libcurl calls this with
  // each resolved address before connecting, so a DNS answer or redirect
  // cannot smuggle in an address that a check on the URL text would miss.
  static curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
    auto* self = static_cast<HttpTransfer*>(user);
    (void)purpose;
    std::string text = AddressText(&address->addr);
    AddressScope scope = ClassifyAddress(&address->addr);
    bool is_public = scope == AddressScope::kPublic || IsTestPublicAddress(text);
    long hop = 0;
    curl_easy_getinfo(self->easy_.get(), CURLINFO_REDIRECT_COUNT, &hop);
    // Hop 0 is the configured URL: whatever it resolves to, the admin chose
    // it. A redirect may enter non-public space only from a non-public
    // origin (a feed an admin configured inside a private network); an
    // unknown origin counts as public.
    if (hop > 0 && !is_public && (!self->origin_known_ || self->origin_public_)) {
      self->refused_address_ = text + " (" + AddressScopeName(scope) + ")";
      return CURL_SOCKET_BAD;
    }
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  }

  HttpRequest request_;
  HttpCallback done_;
  CurlEasy easy_;
  CurlHeaderList headers_;
  Headers headers_received_;
  std::string body_;
  bool too_large_ = false;
  bool all_redirects_permanent_ = true;
  bool origin_known_ = false;   // origin_public_ is meaningful.
  bool origin_public_ = false;  // The first address of the request was public.
  std::string refused_address_; // Set when the SSRF guard refused a connection.
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace

TransferErrorKind ClassifyCurlError(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransferErrorKind::kDns;
    case CURLE_COULDNT_CONNECT:
      return TransferErrorKind::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return TransferErrorKind::kTimeout;
    case CURLE_TOO_MANY_REDIRECTS:
      return TransferErrorKind::kTooManyRedirects;
    case CURLE_UNSUPPORTED_PROTOCOL:
      return TransferErrorKind::kRefused;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_USE_SSL_FAILED:
      return TransferErrorKind::kTls;
    default:
      return TransferErrorKind::kProtocol;
  }
}

const char* TransferErrorKindName(TransferErrorKind kind) {
  switch (kind) {
    case TransferErrorKind::kNone: return "none";
    case TransferErrorKind::kDns: return "dns";
    case TransferErrorKind::kConnect: return "connect";
    case TransferErrorKind::kTls: return "tls";
    case TransferErrorKind::kTimeout: return "timeout";
    case TransferErrorKind::kTooLarge: return "too_large";
    case TransferErrorKind::kTooManyRedirects: return "too_many_redirects";
    case TransferErrorKind::kRefused: return "refused";
    case TransferErrorKind::kProtocol: return "protocol";
  }
  return "unknown";
}

std::string HttpResponse::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return "";
}

void StartHttp(TransferLoop& loop, HttpRequest request, HttpCallback done) {
  auto transfer = std::make_unique<HttpTransfer>(std::move(request), done);
  bool configured = transfer->Configure();
  if (configured) {
    curl_easy_setopt(transfer->easy(), CURLOPT_ERRORBUFFER, transfer->error_buffer());
    if (loop.Add(std::move(transfer)).ok()) return;
  }
  HttpResult failed;
  failed.error = TransferErrorKind::kProtocol;
  failed.error_message = "libcurl refused the request";
  done(std::move(failed));
}

}  // namespace newsalert::net
