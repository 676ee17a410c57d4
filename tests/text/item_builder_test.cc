#include "text/item_builder.h"

#include <gtest/gtest.h>

namespace newsalert::text {
namespace {

feed::Entry MakeEntry(std::string id, std::string link, std::string title) {
  feed::Entry entry;
  entry.id = std::move(id);
  entry.link = std::move(link);
  entry.title = std::move(title);
  entry.summary = "<p>Some <b>summary</b> &amp; more</p>";
  return entry;
}

TEST(ItemBuilder, KeysItemsByGuidThenGuidPlusLinkThenLinkThenHash) {
  feed::FeedDocument doc;
  doc.entries = {MakeEntry("g1", "https://a.example/1", "One"),
                 MakeEntry("dup", "https://a.example/2", "Two"),
                 MakeEntry("dup", "https://a.example/3", "Three"),
                 MakeEntry("", "https://A.example/4?utm_source=rss#top", "Four"),
                 MakeEntry("", "", "Five")};
  std::vector<model::Item> items = BuildItems(doc, FeedIdentity{"F", "https://a.example/f", {}});
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].item_key, "guid:g1");
  EXPECT_EQ(items[1].item_key, "guid+link:dup https://a.example/2");
  EXPECT_EQ(items[2].item_key, "guid+link:dup https://a.example/3");
  EXPECT_EQ(items[3].item_key, "link:https://a.example/4");
  EXPECT_EQ(items[4].item_key.rfind("hash:", 0), 0u);
  EXPECT_EQ(items[0].summary, "Some summary & more");
}

TEST(ItemBuilder, StoryKeysUseTheCanonicalLinkAndDistinctiveTitles) {
  feed::FeedDocument doc;
  doc.entries = {MakeEntry("1", "http://News.example/a?utm_medium=rss&id=7#c",
                           "Laos Returns North Korean Refugees"),
                 MakeEntry("2", "", "Briefing")};
  std::vector<model::Item> items = BuildItems(doc, FeedIdentity{"F", "u", {}});
  EXPECT_EQ(items[0].story_keys,
            (std::vector<std::string>{"url:https://news.example/a?id=7",
                                      "title:laos returns north korean refugees"}));
  EXPECT_TRUE(items[1].story_keys.empty());  // "Briefing" is too generic to name a story.
}

TEST(ItemBuilder, ContentHashChangesWhenThePublisherEditsTheItem) {
  feed::FeedDocument doc;
  doc.entries = {MakeEntry("1", "https://a.example/1", "Title")};
  std::string before = BuildItems(doc, FeedIdentity{})[0].content_hash;
  doc.entries[0].title = "Title, updated";
  EXPECT_NE(BuildItems(doc, FeedIdentity{})[0].content_hash, before);
}

}  // namespace
}  // namespace newsalert::text
