#include "notify/rendering.h"

#include <fmt/format.h>

namespace newsalert::notify {

std::vector<Span> SplitEmphasis(std::string_view snippet) {
  std::vector<Span> spans;
  bool emphasised = false;
  while (!snippet.empty()) {
    std::size_t marker = snippet.find("**");
    std::string_view text = snippet.substr(0, marker);
    if (!text.empty()) spans.push_back(Span{std::string(text), emphasised});
    if (marker == std::string_view::npos) break;
    snippet.remove_prefix(marker + 2);
    emphasised = !emphasised;
  }
  return spans;
}

std::string TestPrefix(const AlertContent& alert) { return alert.test ? "[TEST] " : ""; }

std::string HumanTime(std::string_view rfc3339) {
  // "2024-11-05T08:30:00Z" -> "2024-11-05 08:30 UTC".
  if (rfc3339.size() == 20 && rfc3339[10] == 'T' && rfc3339[19] == 'Z') {
    return std::string(rfc3339.substr(0, 10)) + " " + std::string(rfc3339.substr(11, 5)) +
           " UTC";
  }
  return std::string(rfc3339);
}

std::string GroupHeadline(const GroupContent& group) {
  std::string alerts = group.count == 1 ? "1 alert" : fmt::format("{} alerts", group.count);
  if (group.type == "digest") {
    return fmt::format("{} from {} to {}", alerts, HumanTime(group.window_start),
                       HumanTime(group.window_end));
  }
  return fmt::format("{} new matches from {} in one poll (flood breaker)", group.count,
                     group.feed_name);
}

std::string AlertContext(const AlertContent& alert) {
  std::string out = "filter " + alert.filter_name + " \xC2\xB7 feed " + alert.feed_name;
  if (alert.published) out += " \xC2\xB7 published " + HumanTime(*alert.published);
  return out;
}

}  // namespace newsalert::notify
