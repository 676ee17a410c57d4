#include "net/smtp_transfer.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "base/strings.h"
#include "net/curl_handle.h"

namespace newsalert::net {
namespace {

class SmtpTransfer final : public Transfer {
 public:
  SmtpTransfer(SmtpRequest request, SmtpCallback done)
      : request_(std::move(request)), done_(std::move(done)) {}

  bool Configure() {
    CURL* e = easy_.get();
    if (e == nullptr) return false;
    bool ok = true;
    auto set = [&](CURLoption option, auto value) {
      if (curl_easy_setopt(e, option, value) != CURLE_OK) ok = false;
    };
    set(CURLOPT_URL, request_.url.c_str());
    set(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    set(CURLOPT_NOSIGNAL, 1L);
    set(CURLOPT_ERRORBUFFER, error_buffer_);
    set(CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request_.connect_timeout.count()));
    set(CURLOPT_TIMEOUT_MS, static_cast<long>(request_.total_timeout.count()));
    set(CURLOPT_USE_SSL, static_cast<long>(request_.require_tls ? CURLUSESSL_ALL
                                                                : CURLUSESSL_NONE));
    set(CURLOPT_SSL_VERIFYPEER, 1L);
    set(CURLOPT_SSL_VERIFYHOST, 2L);
    if (!request_.ca_file.empty()) set(CURLOPT_CAINFO, request_.ca_file.c_str());
    if (!request_.username.empty()) {
      set(CURLOPT_USERNAME, request_.username.c_str());
      set(CURLOPT_PASSWORD, request_.password.c_str());
    }
    mail_from_ = "<" + request_.mail_from + ">";
    set(CURLOPT_MAIL_FROM, mail_from_.c_str());
    for (const std::string& recipient : request_.recipients) {
      std::string line = "<" + recipient + ">";
      if (!recipients_.Append(line.c_str())) ok = false;
    }
    set(CURLOPT_MAIL_RCPT, recipients_.get());
    set(CURLOPT_UPLOAD, 1L);
    set(CURLOPT_READFUNCTION, &SmtpTransfer::OnRead);
    set(CURLOPT_READDATA, this);
    // With the size known, libcurl announces it (MAIL FROM ... SIZE=n) to a
    // server that limits it, which then refuses at once with 552.
    set(CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request_.message.size()));
    // The server's replies come through the debug callback; what we send
    // (AUTH carries the password) is never looked at.
    set(CURLOPT_DEBUGFUNCTION, &SmtpTransfer::OnDebug);
    set(CURLOPT_DEBUGDATA, this);
    set(CURLOPT_VERBOSE, 1L);
    return ok;
  }

  CURL* easy() const override { return easy_.get(); }

  void Complete(CURLcode code) override {
    SmtpResult result;
    result.code = code;
    if (code != CURLE_OK) {
      result.error = ClassifyCurlError(code);
      result.error_message = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
    }
    long reply_code = 0;
    curl_easy_getinfo(easy_.get(), CURLINFO_RESPONSE_CODE, &reply_code);
    result.reply_code = reply_code;
    result.reply = last_reply_;
    if (code != CURLE_OK && !refusal_.empty()) {
      // The refusal, not the "221 Bye" to the QUIT that followed it.
      result.reply = refusal_;
      result.reply_code = std::stol(refusal_.substr(0, 3));
    }
    if (done_) done_(std::move(result));
  }

 private:
  static size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
    auto* self = static_cast<SmtpTransfer*>(user);
    size_t room = size * count;
    size_t left = self->request_.message.size() - self->sent_;
    size_t n = std::min(room, left);
    std::memcpy(buffer, self->request_.message.data() + self->sent_, n);
    self->sent_ += n;
    return n;
  }

  static int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
    if (type != CURLINFO_HEADER_IN) return 0;
    auto* self = static_cast<SmtpTransfer*>(user);
    // Keep the last line of the last reply ("250-..." lines continue one),
    // and the last refusal (4xx, 5xx).
    for (std::string_view line : Split(std::string_view(data, size), '\n')) {
      line = Trim(line);
      if (line.empty()) continue;
      self->last_reply_ = TruncateUtf8(SanitizeUtf8(line), 300);
      if (line.size() >= 3 && (line[0] == '4' || line[0] == '5') && std::isdigit(static_cast<unsigned char>(line[1])) &&
          std::isdigit(static_cast<unsigned char>(line[2]))) {
        self->refusal_ = self->last_reply_;
      }
    }
    return 0;
  }

  SmtpRequest request_;
  SmtpCallback done_;
  CurlEasy easy_;
  CurlHeaderList recipients_;
  std::string mail_from_;
  std::size_t sent_ = 0;
  std::string last_reply_;
  std::string refusal_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace

void StartSmtp(TransferLoop& loop, SmtpRequest request, SmtpCallback done) {
  auto transfer = std::make_unique<SmtpTransfer>(std::move(request), done);
  if (transfer->Configure() && loop.Add(std::move(transfer)).ok()) return;
  SmtpResult failed;
  failed.code = CURLE_FAILED_INIT;
  failed.error = TransferErrorKind::kProtocol;
  failed.error_message = "libcurl refused the SMTP transfer";
  done(std::move(failed));
}

}  // namespace newsalert::net
