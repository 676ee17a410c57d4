// T1: Standard Webhooks signatures checked by an independent verifier:
// Python's standard hmac in tests/support/hook_receiver.py --verify.
#include <gtest/gtest.h>

#include <random>

#include "base/strings.h"
#include "notify/webhook_signature.h"
#include "support/fixtures.h"

namespace newsalert::testing {
namespace {

using nlohmann::json;

struct Case {
  std::vector<std::string> secrets;
  std::string id;
  std::int64_t timestamp;
  std::string body;
  std::string signature;
};

std::vector<std::string> Verify(const std::vector<Case>& cases, const TempDir& dir) {
  std::string lines;
  for (const Case& c : cases) {
    lines += json{{"secrets", c.secrets},
                  {"id", c.id},
                  {"timestamp", c.timestamp},
                  {"body_b64", notify::Base64Encode(c.body)},
                  {"signature", c.signature}}
                 .dump() +
             "\n";
  }
  WriteFile(dir / "cases.jsonl", lines);
  ProcessResult result =
      Run({kSystemPython, (SourceDir() / "tests/support/hook_receiver.py").string(), "--verify",
           (dir / "cases.jsonl").string()},
          {}, std::chrono::seconds(120));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> verdicts;
  for (std::string_view line : Split(result.out, '\n')) {
    if (!line.empty()) verdicts.emplace_back(line);
  }
  return verdicts;
}

TEST(Signature, ThousandRandomBodiesVerifyAndEveryOneByteChangeIsRejected) {
  std::mt19937_64 random(1614265330);
  auto bytes = [&](std::size_t n) {
    std::string out(n, '\0');
    for (char& c : out) c = static_cast<char>(random() & 0xFF);
    return out;
  };
  auto printable = [&](std::size_t n) {
    std::string out(n, 'a');
    for (char& c : out) c = static_cast<char>('!' + random() % 94);
    return out;
  };
  const std::size_t kSizes[] = {0, 1, 2, 100, 20 * 1024};
  std::vector<Case> cases;
  for (int i = 0; i < 1000; ++i) {
    Case c;
    int secret_count = 1 + static_cast<int>(random() % 3);
    for (int s = 0; s < secret_count; ++s) {
      std::string key = notify::Base64Encode(bytes(24 + random() % 41));  // 24-64 bytes.
      c.secrets.push_back(random() % 2 ? "whsec_" + key : key);
    }
    c.id = "nla_" + printable(26);
    c.timestamp = 1'600'000'000 + static_cast<std::int64_t>(random() % 200'000'000);
    if (i < 5) {
      c.body = bytes(1 << 20);  // 1 MiB.
    } else if (i % 7 == 0) {
      c.body = "{\"title\":\"탈북민 라오스 \\u0000 \xF0\x9F\x98\x80\"}\r\n\0tail";
      c.body += std::string(1, '\0') + bytes(random() % 64);
    } else {
      c.body = bytes(kSizes[random() % 5] + random() % 3);
    }
    c.signature = notify::WebhookSignatureHeader(c.secrets, c.id, c.timestamp, c.body);
    cases.push_back(std::move(c));
  }
  TempDir dir;
  std::vector<std::string> verdicts = Verify(cases, dir);
  ASSERT_EQ(verdicts.size(), 1000u);
  int verified = static_cast<int>(std::count(verdicts.begin(), verdicts.end(), "ok"));
  EXPECT_EQ(verified, 1000);

  // 3,000 mutations: one byte of the body, the id or the timestamp.
  std::vector<Case> mutated;
  for (int i = 0; i < 3000; ++i) {
    Case c = cases[static_cast<std::size_t>(i) % cases.size()];
    int what = i % 3;
    if (what == 0 && c.body.empty()) what = 1;
    if (what == 0) {
      std::size_t at = random() % c.body.size();
      c.body[at] = static_cast<char>(c.body[at] ^ static_cast<char>(1 + random() % 255));
    } else if (what == 1) {
      std::size_t at = random() % c.id.size();
      char replacement = c.id[at];
      while (replacement == c.id[at]) replacement = static_cast<char>('!' + random() % 94);
      c.id[at] = replacement;
    } else {
      std::string digits = std::to_string(c.timestamp);
      std::size_t at = 1 + random() % (digits.size() - 1);
      digits[at] = static_cast<char>('0' + (digits[at] - '0' + 1 + random() % 9) % 10);
      c.timestamp = std::stoll(digits);
    }
    mutated.push_back(std::move(c));
  }
  verdicts = Verify(mutated, dir);
  ASSERT_EQ(verdicts.size(), 3000u);
  int rejected = static_cast<int>(std::count(verdicts.begin(), verdicts.end(), "bad"));
  EXPECT_EQ(rejected, 3000);
  std::printf("T1: %d/1000 random bodies verified by Python hmac, %d/3000 one-byte mutations "
              "rejected\n", verified, rejected);
}

TEST(Signature, KnownAnswerVectorVerifiesIndependently) {
  Case c{{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
         "{\"test\": 2432232314}", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="};
  EXPECT_EQ(notify::WebhookSignatureHeader(c.secrets, c.id, c.timestamp, c.body), c.signature);
  TempDir dir;
  EXPECT_EQ(Verify({c}, dir), std::vector<std::string>{"ok"});
}

}  // namespace
}  // namespace newsalert::testing
