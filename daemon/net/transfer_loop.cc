#include "net/transfer_loop.h"

#include <spdlog/spdlog.h>

namespace newsalert::net {

void GlobalCurlInit() { curl_global_init(CURL_GLOBAL_DEFAULT); }

TransferLoop::TransferLoop() : multi_(curl_multi_init()), share_(curl_share_init()) {
  // Multiplex HTTP/2 streams over one connection where the server allows.
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  // Single-threaded: the share needs no lock callbacks.
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
}

TransferLoop::~TransferLoop() {
  for (auto& [easy, transfer] : transfers_) {
    curl_multi_remove_handle(multi_, easy);
    transfer->Complete(CURLE_ABORTED_BY_CALLBACK);
  }
  transfers_.clear();  // Easy handles go before the share they use.
  curl_multi_cleanup(multi_);
  curl_share_cleanup(share_);
}

Status TransferLoop::Add(std::unique_ptr<Transfer> transfer) {
  CURL* easy = transfer->easy();
  curl_easy_setopt(easy, CURLOPT_SHARE, share_);
  CURLMcode rc = curl_multi_add_handle(multi_, easy);
  if (rc != CURLM_OK) {
    return Status(StatusCode::kInternal,
                  std::string("net: curl_multi_add_handle: ") + curl_multi_strerror(rc));
  }
  transfers_.emplace(easy, std::move(transfer));
  return Status::Ok();
}

bool TransferLoop::Poll(std::chrono::milliseconds timeout, int wake_fd) {
  bool woke = Wait(timeout, wake_fd);
  Perform();
  return woke;
}

bool TransferLoop::Wait(std::chrono::milliseconds timeout, int wake_fd) {
  curl_waitfd extra{};
  extra.fd = wake_fd;
  extra.events = CURL_WAIT_POLLIN;
  int timeout_ms = static_cast<int>(std::max<std::int64_t>(0, timeout.count()));
  CURLMcode rc = curl_multi_poll(multi_, wake_fd >= 0 ? &extra : nullptr,
                                 wake_fd >= 0 ? 1 : 0, timeout_ms, nullptr);
  if (rc != CURLM_OK) {
    spdlog::error("curl_multi_poll failed error={}", curl_multi_strerror(rc));
  }
  return wake_fd >= 0 && (extra.revents & CURL_WAIT_POLLIN) != 0;
}

void TransferLoop::Perform() {
  int running = 0;
  CURLMcode rc = curl_multi_perform(multi_, &running);
  if (rc != CURLM_OK) {
    spdlog::error("curl_multi_perform failed error={}", curl_multi_strerror(rc));
  }
  CompleteFinished();
}

void TransferLoop::Wakeup() { curl_multi_wakeup(multi_); }

void TransferLoop::CompleteFinished() {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    CURLcode code = message->data.result;
    curl_multi_remove_handle(multi_, easy);
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) continue;
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    transfers_.erase(it);
    // The callback may add new transfers; it must not see this one as active.
    transfer->Complete(code);
  }
}

}  // namespace newsalert::net
