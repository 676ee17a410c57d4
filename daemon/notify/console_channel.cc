#include "notify/console_channel.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "notify/alert_payload.h"

namespace newsalert::notify {

std::string FormatConsoleAlert(const std::string& payload_json) {
  Result<AlertContent> parsed = ParseAlert(payload_json);
  if (!parsed.ok()) return "ALERT (unreadable payload)\n";
  const AlertContent& alert = *parsed;
  std::string matched;
  for (const std::string& term : alert.matched) {
    if (!matched.empty()) matched += ", ";
    matched += term;
  }
  std::string out;
  out += fmt::format("=== ALERT  filter \"{}\" matched: {}\n", alert.filter_name, matched);
  out += fmt::format("  title:     {}\n", alert.title);
  if (!alert.link.empty()) out += fmt::format("  link:      {}\n", alert.link);
  out += fmt::format("  feed:      {}\n", alert.feed_name);
  if (alert.published) out += fmt::format("  published: {}\n", *alert.published);
  if (!alert.snippet.empty()) out += fmt::format("  snippet:   {}\n", alert.snippet);
  out += fmt::format("  delivery:  {} (detected {})\n", alert.id, alert.detected_at);
  return out;
}

void ConsoleChannel::Deliver(const store::OutboxRow& row, DeliveryCallback done) {
  std::string block = FormatConsoleAlert(row.payload) + "\n";
  DeliveryOutcome outcome;
  if (std::fwrite(block.data(), 1, block.size(), out_) != block.size() ||
      std::fflush(out_) != 0) {
    outcome.kind = DeliveryOutcome::Kind::kRetry;
    outcome.error = "cannot write to standard output";
  }
  done(std::move(outcome));
}

}  // namespace newsalert::notify
