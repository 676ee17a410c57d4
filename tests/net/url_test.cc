#include "net/url.h"

#include <gtest/gtest.h>

namespace newsalert::net {
namespace {

TEST(Url, ResolvesRelativeReferences) {
  EXPECT_EQ(ResolveUrl("https://a.example/news/feed.xml", "story/1"),
            "https://a.example/news/story/1");
  EXPECT_EQ(ResolveUrl("https://a.example/news/feed.xml", "/x"), "https://a.example/x");
  EXPECT_EQ(ResolveUrl("https://a.example/news/", "https://b.example/y"), "https://b.example/y");
  EXPECT_EQ(ResolveUrl("", "relative"), "relative");
}

TEST(Url, CanonicalFormDropsTrackingAndFragmentsAndLowercasesHost) {
  EXPECT_EQ(CanonicalUrl("HTTP://News.Example:80/a/b?utm_source=x&id=3&fbclid=y#frag"),
            "https://news.example/a/b?id=3");
  EXPECT_EQ(CanonicalUrl("https://news.example:8443/a?gclid=1"), "https://news.example:8443/a");
  EXPECT_EQ(CanonicalUrl("https://news.example"), "https://news.example/");
  EXPECT_EQ(CanonicalUrl("not a url"), "not a url");
}

struct CanonicalCase {
  const char* name;
  const char* a;
  const char* b;
};

// Pairs of URLs publishers really use for one article: each pair must give
// one canonical form.
TEST(Url, RealWorldVariantsOfOneArticleShareACanonicalForm) {
  const CanonicalCase cases[] = {
      {"Mailchimp newsletter links", "https://www.rfa.org/english/news/korea/defectors-laos.html",
       "https://www.rfa.org/english/news/korea/defectors-laos.html?mc_cid=9f1c2a&mc_eid=77ab01"},
      {"feedburner utm set", "https://www.nknews.org/2024/11/laos-deports-defectors/",
       "https://www.nknews.org/2024/11/laos-deports-defectors/?utm_source=feedburner&utm_medium="
       "feed&utm_campaign=Feed%3A+nknews"},
      {"HubSpot and Facebook click ids", "https://www.hrw.org/news/2024/11/05/laos-halt-returns",
       "https://www.hrw.org/news/2024/11/05/laos-halt-returns?_hsenc=p2ANqtz&_hsmi=2&fbclid=IwAR0"},
      {"mobile host", "https://www.koreaherald.com/view.php?ud=20241105000123",
       "https://m.koreaherald.com/view.php?ud=20241105000123"},
      {"AMP host", "https://www.theguardian.com/world/2024/nov/05/laos-north-korea-defectors",
       "https://amp.theguardian.com/world/2024/nov/05/laos-north-korea-defectors"},
      {"AMP path prefix (BBC)", "https://www.bbc.com/news/world-asia-67543210",
       "https://www.bbc.com/news/amp/world-asia-67543210"},
      {"AMP path suffix (WordPress)", "https://thediplomat.com/2024/11/laos-and-the-defectors/",
       "https://thediplomat.com/2024/11/laos-and-the-defectors/amp/"},
      {"AMP file (NYT)", "https://www.nytimes.com/2024/11/05/world/asia/laos-north-korea.html",
       "https://www.nytimes.com/2024/11/05/world/asia/laos-north-korea.amp.html"},
      {"AMP switch", "https://www.example-news.com/story/123",
       "https://www.example-news.com/story/123?outputType=amp"},
      {"http and https, trailing slash", "http://www.unhcr.org/news/stories/laos",
       "https://unhcr.org/news/stories/laos/"},
      {"parameter order", "https://news.example/view?id=7&page=2",
       "https://news.example/view?page=2&id=7&utm_campaign=x"},
      {"fully qualified host", "https://news.example./a", "https://news.example/a"},
  };
  for (const CanonicalCase& c : cases) {
    EXPECT_EQ(CanonicalUrl(c.a), CanonicalUrl(c.b)) << c.name;
  }
}

TEST(Url, ContentSelectingParametersAndShortHostsStay) {
  EXPECT_EQ(CanonicalUrl("https://www.koreaherald.com/view.php?ud=20241105000123"),
            "https://koreaherald.com/view.php?ud=20241105000123");
  EXPECT_NE(CanonicalUrl("https://news.example/view?id=7"),
            CanonicalUrl("https://news.example/view?id=8"));
  EXPECT_EQ(CanonicalUrl("https://m.co/x"), "https://m.co/x");  // Not a mobile variant.
  EXPECT_EQ(CanonicalUrl("https://news.example/amp"), "https://news.example/amp");
  // Exact forms (stored as story keys: they must not drift between versions).
  EXPECT_EQ(CanonicalUrl("https://www.nytimes.com/a//b/Story.AMP.html"),
            "https://nytimes.com/a/b/Story.html");
  EXPECT_EQ(CanonicalUrl("https://news.example/AMP/x/y.amp"), "https://news.example/x/y");
  EXPECT_EQ(CanonicalUrl("https://news.example/.amp"), "https://news.example/.amp");
  EXPECT_EQ(CanonicalUrl("https://news.example/?p=123&ref=rss"),
            "https://news.example/?p=123&ref=rss");
}

TEST(Url, HostIsLowerCased) { EXPECT_EQ(UrlHost("https://WWW.RFA.org/x"), "www.rfa.org"); }

}  // namespace
}  // namespace newsalert::net
