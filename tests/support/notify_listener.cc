#include "support/notify_listener.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace newsalert::testing {

bool NotifyMessage::Has(const std::string& assignment) const {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text.compare(start, end - start, assignment) == 0) return true;
    start = end + 1;
  }
  return false;
}

NotifyListener::NotifyListener() : path_(dir_ / "notify.sock") {
  fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket(AF_UNIX) failed");
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::string path = path_.string();
  if (path.size() >= sizeof address.sun_path) throw std::runtime_error("socket path too long");
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("cannot bind " + path);
  }
  thread_ = std::thread([this] {
    char buffer[4096];
    while (!stop_) {
      pollfd poll_fd{fd_, POLLIN, 0};
      if (poll(&poll_fd, 1, 50) <= 0) continue;
      ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) continue;
      NotifyMessage message{std::chrono::steady_clock::now(),
                            std::string(buffer, static_cast<std::size_t>(n))};
      std::lock_guard<std::mutex> lock(mutex_);
      messages_.push_back(std::move(message));
    }
  });
}

NotifyListener::~NotifyListener() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) close(fd_);
}

std::vector<NotifyMessage> NotifyListener::Messages() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return messages_;
}

std::vector<NotifyMessage> NotifyListener::With(const std::string& assignment) const {
  std::vector<NotifyMessage> matching;
  for (NotifyMessage& message : Messages()) {
    if (message.Has(assignment)) matching.push_back(std::move(message));
  }
  return matching;
}

bool NotifyListener::WaitFor(const std::string& assignment, std::chrono::milliseconds timeout,
                             std::chrono::steady_clock::time_point since) const {
  return testing::WaitFor(
      [&] {
        for (const NotifyMessage& message : With(assignment)) {
          if (message.received >= since) return true;
        }
        return false;
      },
      timeout);
}

}  // namespace newsalert::testing
