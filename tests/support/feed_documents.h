// RSS documents for tests that serve feeds: items in, RSS 2.0 text out.
#pragma once

#include <string>
#include <vector>

namespace newsalert::testing {

struct FeedItem {
  std::string guid;   // "" for none.
  std::string title;
  std::string link;   // "" for none.
  std::string description;
};

// An RSS 2.0 document of `items` (text escaped, a fixed pubDate).
std::string RssDocument(const std::vector<FeedItem>& items);

// The common short form: an item with a guid, a title and a description,
// linked at https://news.example/<guid>.
struct StoryItem {
  std::string guid;
  std::string title;
  std::string description;
};

std::string RssFeed(const std::vector<StoryItem>& items);

}  // namespace newsalert::testing
