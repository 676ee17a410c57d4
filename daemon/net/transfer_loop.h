// TransferLoop: the one libcurl multi handle through which all network I/O of
// the daemon runs (feed fetches, webhook deliveries, mail). Not thread-safe:
// it lives on the event loop thread, and every completion callback runs there.
//
// The multi handle keeps one connection cache and DNS cache for all its
// transfers, so polling many feeds on one host reuses connections; a share
// handle adds one TLS session cache (per easy handle otherwise), so a new
// connection to a host seen before resumes its TLS session instead of a
// full handshake.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>

#include "base/status.h"

namespace newsalert::net {

// One transfer the loop drives. Owns its configured CURL easy handle.
class Transfer {
 public:
  virtual ~Transfer() = default;
  virtual CURL* easy() const = 0;
  // Called exactly once, on the loop thread, when the transfer ends for any
  // reason (done, failed, cancelled with CURLE_ABORTED_BY_CALLBACK). The
  // Transfer is destroyed right after.
  virtual void Complete(CURLcode code) = 0;
};

class TransferLoop {
 public:
  TransferLoop();
  ~TransferLoop();  // Completes every unfinished transfer as cancelled.
  TransferLoop(const TransferLoop&) = delete;
  TransferLoop& operator=(const TransferLoop&) = delete;

  // Starts `transfer`. Fails only when libcurl refuses it.
  Status Add(std::unique_ptr<Transfer> transfer);

  // Waits until network activity, `wake_fd` readable (pass -1 for none),
  // Wakeup() or `timeout`; then advances all transfers and completes the
  // finished ones. Returns true when `wake_fd` became readable.
  bool Poll(std::chrono::milliseconds timeout, int wake_fd);

  // Poll() in two steps, for callers that wrap the completions in
  // something (the daemon's group commit): Wait() only waits, as Poll()
  // does, and returns true when `wake_fd` became readable; Perform()
  // advances transfers without waiting and completes the finished ones.
  bool Wait(std::chrono::milliseconds timeout, int wake_fd);
  void Perform();

  // Makes a concurrent or future Poll() return early. Thread-safe.
  void Wakeup();

  std::size_t active_count() const { return transfers_.size(); }

 private:
  void CompleteFinished();

  CURLM* multi_;
  CURLSH* share_;  // TLS sessions and DNS answers of every transfer.
  std::map<CURL*, std::unique_ptr<Transfer>> transfers_;
};

// Call once at program start, before any thread exists.
void GlobalCurlInit();

}  // namespace newsalert::net
