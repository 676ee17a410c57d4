#include "text/item_builder.h"

#include <gtest/gtest.h>

#include <algorithm>

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

std::vector<model::Item> Build(std::vector<feed::Entry> entries) {
  feed::FeedDocument doc;
  doc.entries = std::move(entries);
  return BuildItems(doc, FeedIdentity{"F", "https://feed.example/rss", {}});
}

// True when two items share a story key (the store joins them).
bool SameStory(const model::Item& a, const model::Item& b) {
  for (const std::string& key : a.story_keys) {
    if (std::find(b.story_keys.begin(), b.story_keys.end(), key) != b.story_keys.end()) {
      return true;
    }
  }
  return false;
}

TEST(ItemBuilder, KeysItemsByGuidThenGuidPlusLinkThenLinkThenHash) {
  std::vector<model::Item> items = Build({MakeEntry("g1", "https://a.example/1", "One"),
                                          MakeEntry("dup", "https://a.example/2", "Two"),
                                          MakeEntry("dup", "https://a.example/3", "Three"),
                                          MakeEntry("", "https://A.example/4?utm_source=rss#top", "Four"),
                                          MakeEntry("", "", "Five")});
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].item_key, "guid:g1");
  EXPECT_EQ(items[1].item_key, "guid+link:dup https://a.example/2");
  EXPECT_EQ(items[2].item_key, "guid+link:dup https://a.example/3");
  EXPECT_EQ(items[3].item_key, "link:https://a.example/4");
  EXPECT_EQ(items[4].item_key.rfind("hash:", 0), 0u);
  EXPECT_EQ(items[0].summary, "Some summary & more");
}

TEST(ItemBuilder, StoryKeysUseTheCanonicalLinkAndDistinctiveTitles) {
  std::vector<model::Item> items =
      Build({MakeEntry("1", "http://News.example/a?utm_medium=rss&id=7#c",
                       "Laos Returns North Korean Refugees"),
             MakeEntry("2", "", "Briefing")});
  EXPECT_EQ(items[0].story_keys,
            (std::vector<std::string>{"url:https://news.example/a?id=7",
                                      "title:laos returns north korean refugees"}));
  EXPECT_TRUE(items[1].story_keys.empty());  // "Briefing" is too generic to name a story.
}

TEST(ItemBuilder, ContentHashChangesWhenThePublisherEditsTheItem) {
  std::vector<feed::Entry> entries = {MakeEntry("1", "https://a.example/1", "Title")};
  std::string before = Build(entries)[0].content_hash;
  entries[0].title = "Title, updated";
  model::Item after = Build(entries)[0];
  EXPECT_NE(after.content_hash, before);
  EXPECT_EQ(after.item_key, "guid:1");  // Still the same item.
}

// Users' stores hold these values: a change would make every stored item
// look edited once after an upgrade.
TEST(ItemBuilder, StoredHashesKeepTheirValues) {
  EXPECT_EQ(StableHash(""), "cbf29ce484222325");  // FNV-1a 64.
  EXPECT_EQ(StableHash("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(StableHasher().Add("fo").Add("").Add("obar").Hex(), StableHash("foobar"));
  std::vector<model::Item> items = Build({MakeEntry("", "https://a.example/1", "One"),
                                          MakeEntry("", "https://a.example/1", "Two"),
                                          MakeEntry("", "", "Three")});
  for (const model::Item& item : items) {
    std::string canonical = item.link.empty() ? "" : "https://a.example/1";
    EXPECT_EQ(item.content_hash, StableHash(item.title + "\n" + canonical + "\n" +
                                            item.summary + "\n" + item.content));
  }
  std::string text_hash = StableHash(items[0].title + "\n" + items[0].summary + "\n" +
                                     items[0].content);
  EXPECT_EQ(items[0].item_key, "link+hash:https://a.example/1 " + text_hash);
  EXPECT_EQ(items[2].item_key, "hash:" + StableHash(items[2].title + "\n" + items[2].summary +
                                                    "\n" + items[2].content));
}

TEST(ItemBuilder, EditedTitleKeepsTheItemAndItsUrlStoryKey) {
  model::Item first = Build({MakeEntry("https://www.rfa.org/english/news/korea/laos-1105.html",
                                       "https://www.rfa.org/english/news/korea/laos-1105.html",
                                       "Laos detains nine North Korean defectors")})[0];
  model::Item edited =
      Build({MakeEntry("https://www.rfa.org/english/news/korea/laos-1105.html",
                       "https://www.rfa.org/english/news/korea/laos-1105.html?utm_source=rss",
                       "Laos deports nine North Korean defectors to China")})[0];
  EXPECT_EQ(first.item_key, edited.item_key);
  EXPECT_TRUE(SameStory(first, edited));
}

TEST(ItemBuilder, GuidThatIsAnArticleUrlJoinsTheOriginal) {
  // An aggregator links to its own page and keeps the original URL as GUID.
  model::Item original =
      Build({MakeEntry("rfa-2024-1105-laos", "https://www.rfa.org/english/news/korea/laos-1105.html",
                       "Laos deports defectors")})[0];
  model::Item aggregated =
      Build({MakeEntry("https://www.rfa.org/english/news/korea/laos-1105.html?utm_source=agg",
                       "https://aggregator.example/item/98765", "Deported from Laos")})[0];
  EXPECT_TRUE(SameStory(original, aggregated));
  // A WordPress "?p=" GUID is a key too: the site's category feeds share it.
  model::Item wordpress = Build({MakeEntry("https://www.nknews.org/?p=1234567",
                                           "https://www.nknews.org/2024/11/laos-returns/", "x")})[0];
  EXPECT_NE(std::find(wordpress.story_keys.begin(), wordpress.story_keys.end(),
                      "url:https://nknews.org/?p=1234567"),
            wordpress.story_keys.end());
}

TEST(ItemBuilder, SyndicatedCopiesMeetThroughTheirTitles) {
  const char* titles[] = {
      "Laos deports nine North Korean defectors to China, rights group says",
      "UPDATE 2-Laos deports nine North Korean defectors to China, rights group says",
      "Laos deports nine North Korean defectors to China, rights group says - ABC News",
      "Laos deports nine North Korean defectors to China, rights group says | Yonhap News Agency",
      "EXCLUSIVE: Laos deports nine North Korean defectors to China, rights group says",
      "LAOS DEPORTS NINE NORTH KOREAN DEFECTORS TO CHINA, RIGHTS GROUP SAYS",
  };
  std::vector<model::Item> copies;
  int n = 0;
  for (const char* title : titles) {
    copies.push_back(Build({MakeEntry(std::to_string(n),
                                      "https://outlet" + std::to_string(n) + ".example/story",
                                      title)})[0]);
    ++n;
  }
  for (std::size_t i = 1; i < copies.size(); ++i) {
    EXPECT_TRUE(SameStory(copies[0], copies[i])) << titles[i];
  }
}

TEST(ItemBuilder, DifferentStoriesStayApart) {
  model::Item a = Build({MakeEntry("1", "https://a.example/1",
                                   "Laos deports nine North Korean defectors to China")})[0];
  model::Item b = Build({MakeEntry("2", "https://b.example/2",
                                   "Thailand detains nine North Korean defectors near border")})[0];
  EXPECT_FALSE(SameStory(a, b));
  // A short suffix is stripped only when something distinctive remains.
  EXPECT_TRUE(TitleStoryKeys("Laos - Reuters").empty());
  EXPECT_EQ(TitleStoryKeys("North Korea: what we know - live").size(), 2u);
}

TEST(ItemBuilder, HomePageAndSharedLinksNeverNameAStory) {
  std::vector<model::Item> items =
      Build({MakeEntry("", "https://www.yna.co.kr/", "Defectors detained in Laos, sources say"),
             MakeEntry("", "https://news.example/live", "First update on the Laos case today"),
             MakeEntry("", "https://news.example/live", "Second update on the Laos case today")});
  for (const model::Item& item : items) {
    for (const std::string& key : item.story_keys) EXPECT_NE(key.rfind("url:", 0), 0u) << key;
  }
  // Two items behind one link stay two items.
  EXPECT_NE(items[1].item_key, items[2].item_key);
  EXPECT_EQ(items[1].item_key.rfind("link+hash:", 0), 0u);
}

TEST(ItemBuilder, TitlesInScriptsWithoutSpacesAreDistinctiveByLength) {
  EXPECT_FALSE(TitleStoryKeys("탈북민 9명 라오스서 강제북송").empty());
  EXPECT_FALSE(TitleStoryKeys("老挝将九名脱北者遣返中国").empty());
  EXPECT_TRUE(TitleStoryKeys("脱北者").empty());
}

}  // namespace
}  // namespace newsalert::text
