// `newsalert inspect`: the real binary on files and on URLs served by a
// local HTTP server; exit codes 0 / 1 / 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/http_fixture.h"
#include "support/test_support.h"

namespace newsalert {
namespace {

using Json = nlohmann::json;
using testing::ProcessResult;
using testing::RunNewsalert;
using testing::TempDir;
using testing::WriteFile;

constexpr const char* kFeed = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Desk</title><link>/</link>
<item><title>Laos returns five &amp; more</title><link>story/1</link>
<pubDate>Tue, 05 Nov 2024 15:06:03 +0900</pubDate>
<description>&lt;p&gt;See &lt;a href="more.html"&gt;more&lt;/a&gt;&lt;/p&gt;</description></item>
</channel></rss>)";

TEST(Inspect, PrintsAFileAsJson) {
  TempDir dir;
  WriteFile(dir / "feed.xml", kFeed);
  ProcessResult result = RunNewsalert({"inspect", "--base-url", "https://desk.example/news/",
                                       (dir / "feed.xml").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  Json json = Json::parse(result.out);
  EXPECT_EQ(json["format"], "rss2");
  EXPECT_EQ(json["feed"]["link"], "https://desk.example/");
  ASSERT_EQ(json["entries"].size(), 1u);
  const Json& entry = json["entries"][0];
  EXPECT_EQ(entry["title"], "Laos returns five & more");
  EXPECT_EQ(entry["link"], "https://desk.example/news/story/1");
  EXPECT_EQ(entry["published"], "2024-11-05T06:06:03Z");
  EXPECT_EQ(entry["summary"],
            "<p>See <a href=\"https://desk.example/news/more.html\">more</a></p>");
}

TEST(Inspect, FetchesAUrlLikeTheDaemonWithItsCharsetAndFinalUrl) {
  testing::LocalHttpServer server;
  // windows-1251 bytes, labelled only by the HTTP header.
  server.ServeText("/feeds/ru.xml",
                   "<rss><channel><item><title>\xCF\xF0\xE8\xE2\xE5\xF2</title><link>a</link>"
                   "</item></channel></rss>",
                   "application/rss+xml; charset=windows-1251");
  server.server().Get("/moved", [](const httplib::Request&, httplib::Response& response) {
    response.set_redirect("/feeds/ru.xml");
  });
  server.Start();
  ProcessResult result = RunNewsalert({"inspect", server.Url("/moved")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  Json json = Json::parse(result.out);
  ASSERT_EQ(json["entries"].size(), 1u);
  EXPECT_EQ(json["entries"][0]["title"], "Привет");
  EXPECT_EQ(json["entries"][0]["link"], server.Url("/feeds/a"));
  ASSERT_FALSE(server.Requests("GET", "/feeds/ru.xml").empty());
  EXPECT_NE(server.Requests("GET", "/feeds/ru.xml")[0].Header("User-Agent").find("newsalert/"),
            std::string::npos);
}

TEST(Inspect, ContentTypeOptionSetsTheCharset) {
  TempDir dir;
  WriteFile(dir / "kr.xml", "<rss><channel><item><title>\xB3\xE2</title></item></channel></rss>");
  ProcessResult result = RunNewsalert(
      {"inspect", "--content-type", "text/xml; charset=euc-kr", (dir / "kr.xml").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(Json::parse(result.out)["entries"][0]["title"], "년");
}

TEST(Inspect, UnreadableOrUnparseableFeedsExitOne) {
  TempDir dir;
  WriteFile(dir / "page.html", "<html><body>not a feed</body></html>");
  ProcessResult not_feed = RunNewsalert({"inspect", (dir / "page.html").string()});
  EXPECT_EQ(not_feed.exit_code, 1);
  EXPECT_NE(not_feed.err.find("unknown document type"), std::string::npos) << not_feed.err;

  ProcessResult missing = RunNewsalert({"inspect", (dir / "missing.xml").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos) << missing.err;

  testing::LocalHttpServer server;
  server.Start();
  ProcessResult http_404 = RunNewsalert({"inspect", server.Url("/nothing-here")});
  EXPECT_EQ(http_404.exit_code, 1);
  EXPECT_NE(http_404.err.find("404"), std::string::npos) << http_404.err;
}

// RELIABILITY.md T22 through the real binary: fetch and parse a 1,000,000
// deep document, and parse a 200,000 deep one with a 1 MiB stack (pugixml's
// recursive node removal would crash at 21,882 levels there).
TEST(Inspect, DeepDocumentsAreRejectedCleanlyByTheRealBinary) {
  auto nested = [](std::size_t depth) {
    std::string xml = "<rss><channel><item><title>";
    for (std::size_t i = 0; i < depth; ++i) xml += "<b>";
    return xml + "x</title></item></channel></rss>";
  };
  testing::LocalHttpServer server;
  server.ServeText("/deep.xml", nested(1000000));
  server.Start();
  ProcessResult fetched = RunNewsalert({"inspect", server.Url("/deep.xml")});
  EXPECT_EQ(fetched.exit_code, 1) << fetched.err;
  EXPECT_NE(fetched.err.find("nested deeper than 256"), std::string::npos) << fetched.err;

  TempDir dir;
  WriteFile(dir / "deep.xml", nested(200000));
  ProcessResult small_stack = testing::Run(
      {"/bin/sh", "-c",
       "ulimit -s 1024 && exec \"$0\" inspect \"$1\"", testing::NewsalertBinary().string(),
       (dir / "deep.xml").string()});
  EXPECT_EQ(small_stack.exit_code, 1) << small_stack.err;
  EXPECT_EQ(small_stack.signal, 0);
  EXPECT_NE(small_stack.err.find("nested deeper than 256"), std::string::npos) << small_stack.err;
}

TEST(Inspect, UsageErrorsExitTwo) {
  EXPECT_EQ(RunNewsalert({"inspect"}).exit_code, 2);
  EXPECT_EQ(RunNewsalert({"inspect", "--bogus", "f.xml"}).exit_code, 2);
  EXPECT_EQ(RunNewsalert({"inspect", "a.xml", "b.xml"}).exit_code, 2);
  EXPECT_EQ(RunNewsalert({"inspect", "--base-url"}).exit_code, 2);
  ProcessResult help = RunNewsalert({"--help"});
  EXPECT_NE(help.out.find("newsalert inspect"), std::string::npos);
}

}  // namespace
}  // namespace newsalert
