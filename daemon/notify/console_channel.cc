#include "notify/console_channel.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "notify/alert_payload.h"
#include "notify/rendering.h"

namespace newsalert::notify {
namespace {

std::string AlertBlock(const AlertContent& alert) {
  std::string out;
  out += fmt::format("=== {}ALERT  filter \"{}\" matched: {}\n", TestPrefix(alert),
                     alert.filter_name, Join(alert.matched, ", "));
  out += fmt::format("  title:     {}\n", alert.title);
  if (!alert.link.empty()) out += fmt::format("  link:      {}\n", alert.link);
  out += fmt::format("  feed:      {}\n", alert.feed_name);
  if (alert.published) out += fmt::format("  published: {}\n", *alert.published);
  if (!alert.snippet.empty()) out += fmt::format("  snippet:   {}\n", alert.snippet);
  out += fmt::format("  delivery:  {} (detected {})\n", alert.id, alert.detected_at);
  return out;
}

std::string GroupBlock(const GroupContent& group) {
  std::string out = fmt::format("=== {}  {}\n", group.type == "digest" ? "DIGEST" : "FLOOD",
                                GroupHeadline(group));
  for (const AlertContent& alert : group.alerts) {
    out += fmt::format("  - {}\n    {}{}{}\n", alert.title, alert.link,
                       alert.link.empty() ? "" : "  ", AlertContext(alert));
  }
  if (group.count > group.alerts.size()) {
    out += fmt::format("  ... and {} more\n", group.count - group.alerts.size());
  }
  out += fmt::format("  delivery:  {} (detected {})\n", group.id, group.detected_at);
  return out;
}

}  // namespace

std::string FormatConsoleAlert(const std::string& payload_json) {
  Result<AlertDocument> parsed = ParseDocument(payload_json);
  if (!parsed.ok()) return "ALERT (unreadable payload)\n";
  return parsed->is_group ? GroupBlock(parsed->group) : AlertBlock(parsed->alert);
}

void ConsoleChannel::Deliver(const store::OutboxRow& row, DeliveryCallback done) {
  std::string block = FormatConsoleAlert(row.payload) + "\n";
  DeliveryOutcome outcome;
  outcome.reply = "printed on standard output";
  if (std::fwrite(block.data(), 1, block.size(), out_) != block.size() ||
      std::fflush(out_) != 0) {
    outcome.kind = DeliveryOutcome::Kind::kRetry;
    outcome.error = "cannot write to standard output";
    outcome.reply = outcome.error;
  }
  done(std::move(outcome));
}

}  // namespace newsalert::notify
