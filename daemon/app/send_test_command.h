// `newsalert send-test CHANNEL [-c FILE]`: sends one clearly marked test
// alert through the real channel (not through the outbox, so nothing is
// recorded or retried) and prints the receiver's answer: the HTTP status
// and the start of its body, or the SMTP server's last reply. A digest
// channel gets the test alert at once, as a single alert.
#pragma once

#include <string>

namespace newsalert::app {

// Returns the exit code: 0 when the receiver accepted the alert, 1 when it
// did not (or did not answer), 2 for a bad config or an unknown channel.
int SendTestAlert(const std::string& config_path, const std::string& channel_name);

}  // namespace newsalert::app
