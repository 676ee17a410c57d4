#include "notify/webhook_signature.h"

#include <gtest/gtest.h>

#include "net/http_transfer.h"
#include "notify/webhook_channel.h"

namespace newsalert::notify {
namespace {

// The Standard Webhooks known-answer vector (RELIABILITY.md finding 9).
constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t kTimestamp = 1614265330;
constexpr const char* kBody = "{\"test\": 2432232314}";
constexpr const char* kExpected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

TEST(WebhookSignature, MatchesTheStandardWebhooksVector) {
  EXPECT_EQ(SignWebhook(kSecret, kId, kTimestamp, kBody), kExpected);
}

TEST(WebhookSignature, SecretWithoutPrefixSignsTheSame) {
  EXPECT_EQ(SignWebhook("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", kId, kTimestamp, kBody), kExpected);
}

TEST(WebhookSignature, AnyChangeChangesTheSignature) {
  EXPECT_NE(SignWebhook(kSecret, kId, kTimestamp, "{\"test\": 2432232315}"), kExpected);
  EXPECT_NE(SignWebhook(kSecret, kId, kTimestamp + 1, kBody), kExpected);
  EXPECT_NE(SignWebhook(kSecret, "msg_other", kTimestamp, kBody), kExpected);
}

TEST(WebhookSignature, SeveralSecretsGiveSpaceSeparatedEntries) {
  std::string header = WebhookSignatureHeader({kSecret, "whsec_c2Vjb25k"}, kId, kTimestamp, kBody);
  EXPECT_EQ(header.rfind(std::string(kExpected) + " v1,", 0), 0u);
}

net::HttpResult Response(long status, std::string retry_after = "") {
  net::HttpResult result;
  result.response.status = status;
  if (!retry_after.empty()) result.response.headers.emplace_back("retry-after", retry_after);
  return result;
}

TEST(WebhookChannel, ClassifiesStatusCodes) {
  TimePoint now = std::chrono::system_clock::now();
  using Kind = DeliveryOutcome::Kind;
  for (long status : {200L, 201L, 204L, 299L}) {
    EXPECT_EQ(ClassifyWebhookResponse(Response(status), now).kind, Kind::kDelivered) << status;
  }
  EXPECT_EQ(ClassifyWebhookResponse(Response(410), now).kind, Kind::kDisable);
  for (long status : {408L, 429L, 500L, 502L, 503L, 504L}) {
    DeliveryOutcome outcome = ClassifyWebhookResponse(Response(status), now);
    EXPECT_EQ(outcome.kind, Kind::kRetry) << status;
    EXPECT_FALSE(outcome.client_error) << status;
  }
  for (long status : {301L, 302L, 307L, 308L, 400L, 401L, 404L}) {
    DeliveryOutcome outcome = ClassifyWebhookResponse(Response(status), now);
    EXPECT_EQ(outcome.kind, Kind::kRetry) << status;
    EXPECT_TRUE(outcome.client_error) << status;
  }
  DeliveryOutcome throttled = ClassifyWebhookResponse(Response(429, "120"), now);
  ASSERT_TRUE(throttled.retry_after);
  EXPECT_EQ(*throttled.retry_after, std::chrono::seconds(120));
  net::HttpResult refused;
  refused.error = net::TransferErrorKind::kConnect;
  refused.error_message = "Connection refused";
  EXPECT_EQ(ClassifyWebhookResponse(refused, now).kind, Kind::kRetry);
}

}  // namespace
}  // namespace newsalert::notify
