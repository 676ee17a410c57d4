#include "net/http_transfer.h"

#include "base/strings.h"
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
    set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
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
    } else if (code != CURLE_OK) {
      result.error = Classify(code);
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
    response.elapsed = std::chrono::milliseconds(total_us / 1000);
    response.headers = std::move(headers_received_);
    response.body = std::move(body_);
    if (done_) done_(std::move(result));
  }

  char* error_buffer() { return error_buffer_; }

 private:
  static TransferErrorKind Classify(CURLcode code) {
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
      // headers of the last one.
      self->headers_received_.clear();
      return bytes;
    }
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      self->headers_received_.emplace_back(ToLowerAscii(Trim(line.substr(0, colon))),
                                           std::string(Trim(line.substr(colon + 1))));
    }
    return bytes;
  }

  HttpRequest request_;
  HttpCallback done_;
  CurlEasy easy_;
  CurlHeaderList headers_;
  Headers headers_received_;
  std::string body_;
  bool too_large_ = false;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace

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
