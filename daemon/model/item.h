// Item: one feed entry, normalised for matching and alerting. Built from a
// feed::Entry by text::BuildItems (text/item_builder.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "feed/feed_document.h"

namespace newsalert::model {

using Timestamp = feed::Timestamp;

struct Item {
  // Where it came from.
  std::string feed_name;
  std::string feed_url;
  std::vector<std::string> feed_tags;

  // As published; text fields are plain text (HTML stripped), valid UTF-8.
  std::string guid;
  std::string link;                     // Absolute when the feed allowed it.
  std::string title;
  std::string summary;
  std::string content;
  std::vector<std::string> authors;
  std::vector<std::string> categories;
  std::optional<Timestamp> published;
  std::optional<Timestamp> updated;

  // Identity. item_key is unique within its feed (see BuildItems for the
  // rule); content_hash changes when the publisher edits the item.
  std::string item_key;
  std::string content_hash;
  // Keys naming the story across feeds: "url:<canonical link>" and, for
  // distinctive titles, "title:<folded title>".
  std::vector<std::string> story_keys;
};

}  // namespace newsalert::model
