#include "app/signals.h"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>

namespace newsalert::app {

SignalWatcher::SignalWatcher() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGHUP);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  fd_ = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  // A closed pipe to a webhook or SMTP server must not kill the daemon;
  // libcurl reports it as an error instead.
  signal(SIGPIPE, SIG_IGN);
}

SignalWatcher::~SignalWatcher() {
  if (fd_ >= 0) close(fd_);
}

std::vector<SignalEvent> SignalWatcher::Drain() {
  std::vector<SignalEvent> events;
  signalfd_siginfo info;
  while (fd_ >= 0 && read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    events.push_back(info.ssi_signo == SIGHUP ? SignalEvent::kReload : SignalEvent::kStop);
  }
  return events;
}

}  // namespace newsalert::app
