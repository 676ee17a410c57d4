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

TEST(Url, HostIsLowerCased) { EXPECT_EQ(UrlHost("https://WWW.RFA.org/x"), "www.rfa.org"); }

}  // namespace
}  // namespace newsalert::net
