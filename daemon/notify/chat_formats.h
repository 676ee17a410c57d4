// The native message shapes of chat receivers, rendered from an alert
// document (notify/alert_payload.h). Pure.
//
// Slack (incoming webhooks, Block Kit): the title as a link, the snippet
// with matched words in *bold* (mrkdwn), then filter, feed and published
// time; `text` is the notification fallback. Discord (webhooks): one embed
// with the title linking to the story, the snippet in **bold** markdown,
// filter and feed as fields. Digest and flood documents become one message
// listing their alerts as links, as many as the receiver's limits allow
// (Slack: 3000 characters per section; Discord: 4096 per description),
// then "… and N more".
#pragma once

#include <string>

#include "notify/alert_payload.h"

namespace newsalert::notify {

std::string SlackMessage(const AlertDocument& document);
std::string DiscordMessage(const AlertDocument& document);

// Slack's three escapes (&, <, >), the only ones mrkdwn has.
std::string SlackEscape(std::string_view text);
// Discord markdown's special characters backslash-escaped.
std::string DiscordEscape(std::string_view text);

}  // namespace newsalert::notify
