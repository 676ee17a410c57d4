// ConsoleChannel: prints each alert as a readable block on standard output
// (the demo's channel, and handy when trying filters).
#pragma once

#include <cstdio>

#include "notify/channel.h"

namespace newsalert::notify {

class ConsoleChannel final : public Channel {
 public:
  ConsoleChannel(config::ChannelConfig config, std::FILE* out = stdout)
      : config_(std::move(config)), out_(out) {}

  const config::ChannelConfig& config() const override { return config_; }
  void Deliver(const store::OutboxRow& row, DeliveryCallback done) override;

 private:
  config::ChannelConfig config_;
  std::FILE* out_;
};

// The text block for one alert document (no trailing blank line).
std::string FormatConsoleAlert(const std::string& payload_json);

}  // namespace newsalert::notify
