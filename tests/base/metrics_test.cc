#include "base/metrics.h"

#include <gtest/gtest.h>

namespace newsalert::metrics {
namespace {

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override { ResetForTesting(); }
  void TearDown() override { ResetForTesting(); }
};

TEST_F(MetricsTest, EveryFamilyIsListedWithHelpAndTypeEvenAtZero) {
  std::string text = RenderPrometheus();
  EXPECT_NE(text.find("# HELP newsalert_feed_polls_total "), std::string::npos);
  EXPECT_NE(text.find("# TYPE newsalert_feed_polls_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE newsalert_outbox_alerts gauge\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE newsalert_delivery_latency_seconds histogram\n"), std::string::npos);
  EXPECT_EQ(text.find("\nnewsalert_"), std::string::npos) << "no samples yet";
}

TEST_F(MetricsTest, CountersAddUpPerLabelSet) {
  Increment(kFeedPolls, {{"outcome", "ok"}});
  Increment(kFeedPolls, {{"outcome", "ok"}});
  Increment(kFeedPolls, {{"outcome", "error"}});
  Increment(kItemsNew, {}, 5);
  std::string text = RenderPrometheus();
  EXPECT_NE(text.find("\nnewsalert_feed_polls_total{outcome=\"ok\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nnewsalert_feed_polls_total{outcome=\"error\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("\nnewsalert_items_new_total 5\n"), std::string::npos);
}

TEST_F(MetricsTest, LabelValuesAreEscaped) {
  Increment(kDeliveries, {{"channel", "a\"b\\c\nd"}, {"outcome", "delivered"}});
  EXPECT_NE(RenderPrometheus().find(
                "newsalert_deliveries_total{channel=\"a\\\"b\\\\c\\nd\",outcome=\"delivered\"} 1\n"),
            std::string::npos)
      << RenderPrometheus();
}

TEST_F(MetricsTest, ReplaceAllDropsSeriesNotListed) {
  ReplaceAll(kOutboxAlerts, {{{{"channel", "a"}, {"state", "pending"}}, 3},
                             {{{"channel", "b"}, {"state", "pending"}}, 1}});
  ReplaceAll(kOutboxAlerts, {{{{"channel", "a"}, {"state", "pending"}}, 0}});
  std::string text = RenderPrometheus();
  EXPECT_NE(text.find("newsalert_outbox_alerts{channel=\"a\",state=\"pending\"} 0\n"),
            std::string::npos);
  EXPECT_EQ(text.find("channel=\"b\""), std::string::npos);
}

TEST_F(MetricsTest, HistogramBucketsAreCumulative) {
  Observe(kDeliveryLatency, {{"channel", "hook"}}, 0.05);
  Observe(kDeliveryLatency, {{"channel", "hook"}}, 3);
  Observe(kDeliveryLatency, {{"channel", "hook"}}, 100000);
  std::string text = RenderPrometheus();
  auto sample = [&](const std::string& series) {
    std::size_t at = text.find("\n" + series + " ");
    return at == std::string::npos ? std::string("missing")
                                   : text.substr(at + series.size() + 2,
                                                 text.find('\n', at + 1) - at - series.size() - 2);
  };
  const std::string name = "newsalert_delivery_latency_seconds";
  EXPECT_EQ(sample(name + "_bucket{channel=\"hook\",le=\"0.1\"}"), "1");
  EXPECT_EQ(sample(name + "_bucket{channel=\"hook\",le=\"1\"}"), "1");
  EXPECT_EQ(sample(name + "_bucket{channel=\"hook\",le=\"5\"}"), "2");
  EXPECT_EQ(sample(name + "_bucket{channel=\"hook\",le=\"86400\"}"), "2");
  EXPECT_EQ(sample(name + "_bucket{channel=\"hook\",le=\"+Inf\"}"), "3");
  EXPECT_EQ(sample(name + "_count{channel=\"hook\"}"), "3");
  EXPECT_EQ(sample(name + "_sum{channel=\"hook\"}"), "100003.05");
}

}  // namespace
}  // namespace newsalert::metrics
