// Email through real SMTP servers (RELIABILITY.md T40-T45): Debian's
// aiosmtpd on 127.0.0.1 with a per-run CA, messages decoded by Python's
// email package (tests/support/read_mail.py).
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "base/strings.h"
#include "integration/delivery_harness.h"
#include "net/smtp_transfer.h"
#include "net/transfer_loop.h"
#include "notify/email_message.h"
#include "notify/mime.h"

namespace newsalert::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string EmailChannel(const std::string& name, const std::string& url,
                         const std::string& extra = "") {
  return "[[channel]]\nname = \"" + name + "\"\ntype = \"email\"\nsmtp_url = \"" + url +
         "\"\nhelo = \"alerts.example.org\"\nfrom = \"newsalert <newsalert@example.org>\"\n"
         "to = [\"desk@example.org\"]\n" + extra;
}

std::string Smtp(const SmtpServer& server, const char* scheme = "smtp") {
  return std::string(scheme) + "://127.0.0.1:" + std::to_string(server.port());
}

const char* kFilter = "[[filter]]\nname = \"laos\"\nquery = \"laos OR ລາວ OR 라오스* OR 老挝\"\n"
                      "notify = [\"mail\"]\n";

std::vector<json> ReadMessages(const SmtpServer& server) {
  std::vector<json> messages;
  // read_mail.py reads the Maildir itself; hand it the folder through a copy
  // of the raw messages so the server can keep writing.
  TempDir copy;
  std::filesystem::create_directories(copy.path() / "new");
  int n = 0;
  for (const std::string& raw : server.Messages()) {
    WriteFile(copy.path() / "new" / std::to_string(n++), raw);
  }
  ProcessResult read = Run({kSystemPython, (SourceDir() / "tests/support/read_mail.py").string(),
                            "messages", copy.path().string()});
  EXPECT_EQ(read.exit_code, 0) << read.err;
  for (std::string_view line : Split(read.out, '\n')) {
    if (!line.empty()) messages.push_back(json::parse(line));
  }
  return messages;
}

std::string PartBody(const json& message, const std::string& type) {
  for (const json& part : message["parts"]) {
    if (part["type"] == type) return part["body"];
  }
  return "";
}

// T40: 300 subjects in many scripts, encoded by newsalert, decoded by Python.
TEST(Email, Rfc2047SubjectsDecodeWithPythonsEmailPackage) {
  std::vector<std::string> pieces = {
      "Laos", "North Korean", "défecteurs", "Zürich", "Réfugiés", "東京", "脱北者", "老挝",
      "탈북민", "라오스", "강제북송", "ລາວ", "ວຽງຈັນ", "ກັບຄືນ", "ไทย", "😀", "🇰🇷", "👨‍👩‍👧‍👦",
      "e\xCC\x81", "a\xCC\x8A\xCC\x81", "=?", "?=", "=?UTF-8?B?", "—", "✓", "ñ"};
  std::mt19937 random(20241105);
  std::vector<std::string> subjects;
  for (int i = 0; i < 300; ++i) {
    std::string subject;
    int words = 1 + static_cast<int>(random() % (i < 280 ? 12 : 120));  // The last 20: ~500 chars.
    for (int w = 0; w < words; ++w) {
      if (!subject.empty() && random() % 3 != 0) subject += ' ';
      subject += i % 10 == 0 ? "plain" + std::to_string(w) : pieces[random() % pieces.size()];
    }
    if (i % 10 == 0) subject = "UNHCR urges Laos to halt returns, case " + std::to_string(i);
    subjects.push_back(std::string(Trim(subject)));
  }
  TempDir dir;
  std::string cases;
  int checked_lines = 0;
  for (const std::string& subject : subjects) {
    std::string field = notify::EncodeUnstructuredHeader("Subject", subject);
    // Structure: CRLF lines of at most 78 (we keep 76), encoded-words of at
    // most 75, each word whole UTF-8.
    std::size_t start = 0;
    while (start < field.size()) {
      std::size_t end = field.find("\r\n", start);
      ASSERT_NE(end, std::string::npos);
      EXPECT_LE(end - start, 78u) << subject;
      start = end + 2;
      ++checked_lines;
    }
    bool ascii = true;
    for (char c : subject) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii && subject.find("=?") == std::string::npos) {
      EXPECT_EQ(field.find("=?"), std::string::npos) << "plain ASCII was encoded: " << subject;
    }
    cases += json{{"field", field.substr(0, field.size() - 2)}, {"expected", subject}}.dump() + "\n";
  }
  WriteFile(dir / "cases.jsonl", cases);
  ProcessResult decoded = testing::Run({kSystemPython, (SourceDir() / "tests/support/read_mail.py").string(),
                               "headers", (dir / "cases.jsonl").string()});
  ASSERT_EQ(decoded.exit_code, 0) << decoded.err;
  int ok = 0;
  int index = 0;
  for (std::string_view line : Split(decoded.out, '\n')) {
    if (line.empty()) continue;
    if (line == "ok") {
      ++ok;
    } else {
      ADD_FAILURE() << "Python decoded subject " << index << " as " << line << ", expected "
                    << subjects[static_cast<std::size_t>(index)];
    }
    ++index;
  }
  EXPECT_EQ(ok, 300);
  std::printf("T40: %d/300 subjects decoded by Python email (policy=default), %d header lines "
              "checked\n", ok, checked_lines);
}

// T41, T45 and AUTH over STARTTLS with a private CA.
TEST(Email, AlertMailCarriesTheRequiredHeadersAndBothBodies) {
  TestCa ca;
  SmtpServer server(SmtpServer::Options{&ca, nullptr, 0, "newsalert:s3cret", "", "", 0});
  FeedServer feeds;
  feeds.SetItems("/feeds/a",
                 {{"1", "탈북민 9명 라오스서 강제북송 우려", "https://news.example/ko", "Hangul."},
                  {"2", "老挝将九名脱北者遣返中国", "https://news.example/zh", "Han."},
                  {"3", "ລາວສົ່ງຊາວເກົາຫຼີເໜືອກັບຄືນ ລາວ 🇱🇦", "https://news.example/lo", "Lao."},
                  {"4", "Laos deports defectors 😟 — UNHCR “alarmed”", "https://news.example/en?a=1&b=2",
                   "Nine North Korean defectors were deported from Laos."}});
  Scenario scenario;
  WriteFile(scenario.path("smtp.password"), "s3cret\n");
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                       EmailChannel("mail", Smtp(server),
                                    "username = \"newsalert\"\npassword_file = \"smtp.password\"\n"
                                    "ca_file = \"" + ca.ca_file().string() + "\"\n"),
                       kFilter);
  double sent_at = UnixNow();
  ProcessResult run = scenario.RunOnce();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<json> messages = ReadMessages(server);
  ASSERT_EQ(messages.size(), 4u) << run.err;
  std::set<std::string> message_ids;
  std::set<std::string> subjects;
  for (const json& message : messages) {
    subjects.insert(message["subject"].get<std::string>());
    EXPECT_NEAR(message["date"].get<double>(), sent_at, 5.0);
    EXPECT_EQ(message["message_id"], "<" + message["delivery"].get<std::string>() + "@alerts.example.org>");
    message_ids.insert(message["message_id"].get<std::string>());
    EXPECT_EQ(message["mime_version"], "1.0");
    EXPECT_EQ(message["content_type"], "multipart/alternative");
    EXPECT_EQ(message["from"], "newsalert <newsalert@example.org>");
    EXPECT_EQ(message["to"], "desk@example.org");
    EXPECT_LE(message["max_line"].get<int>(), 998);
    EXPECT_EQ(message["bare_lf"], 0);
    EXPECT_TRUE(message["defects"].empty()) << message["defects"];
    ASSERT_EQ(message["parts"].size(), 2u);
    for (const json& part : message["parts"]) {
      EXPECT_EQ(part["charset"], "utf-8");
      EXPECT_EQ(part["encoding"], "quoted-printable");
      EXPECT_TRUE(part["defects"].empty());
    }
  }
  EXPECT_EQ(message_ids.size(), 4u);
  EXPECT_EQ(subjects, (std::set<std::string>{"[laos] 탈북민 9명 라오스서 강제북송 우려",
                                             "[laos] 老挝将九名脱北者遣返中国",
                                             "[laos] ລາວສົ່ງຊາວເກົາຫຼີເໜືອກັບຄືນ ລາວ 🇱🇦",
                                             "[laos] Laos deports defectors 😟 — UNHCR “alarmed”"}));
  for (const json& message : messages) {
    if (message["subject"] != "[laos] Laos deports defectors 😟 — UNHCR “alarmed”") continue;
    std::string text = PartBody(message, "text/plain");
    std::string html = PartBody(message, "text/html");
    EXPECT_NE(text.find("https://news.example/en?a=1&b=2"), std::string::npos) << text;
    EXPECT_NE(text.find("Filter:    laos"), std::string::npos);
    EXPECT_NE(text.find("Feed:      A"), std::string::npos);
    EXPECT_NE(text.find("Published: 2024-11-05 08:30 UTC"), std::string::npos);
    EXPECT_NE(html.find("<a href=\"https://news.example/en?a=1&amp;b=2\">Laos deports defectors"),
              std::string::npos)
        << html;
    EXPECT_NE(html.find("<strong>Laos</strong>"), std::string::npos) << html;
  }
  std::vector<json> events = server.Events();
  int ehlo = 0, data = 0;
  for (const json& event : events) {
    if (event["event"] == "ehlo") {
      ++ehlo;
      EXPECT_EQ(event["name"], "alerts.example.org");  // T45.
    }
    if (event["event"] == "data") {
      ++data;
      EXPECT_TRUE(event["tls"].get<bool>());
      EXPECT_TRUE(event["auth"].get<bool>());
    }
  }
  EXPECT_GE(ehlo, 8);  // EHLO, STARTTLS, EHLO again, per message.
  EXPECT_EQ(data, 4);
  EXPECT_EQ(run.err.find("s3cret"), std::string::npos);  // T35: never in a log line.
}

// T42: TLS is required unless turned off; a private CA is trusted when configured.
TEST(Email, StartTlsIsRequiredAndCertificatesAreVerified) {
  TestCa ca;
  FeedServer feeds;
  feeds.SetItems("/feeds/a", {{"1", "Defectors held in Laos", "https://news.example/1", "x"}});
  struct Case {
    const char* name;
    SmtpServer::Options server;
    const char* scheme;
    std::string extra;
    bool delivered;
  };
  std::string trust = "ca_file = \"" + ca.ca_file().string() + "\"\n";
  std::vector<Case> cases = {
      {"no STARTTLS offered", {}, "smtp", "", false},
      {"untrusted certificate", {&ca, nullptr, 0, "", "", "", 0}, "smtp", "", false},
      {"CA configured", {&ca, nullptr, 0, "", "", "", 0}, "smtp", trust, true},
      {"implicit TLS", {nullptr, &ca, 0, "", "", "", 0}, "smtps", trust, true},
      {"plain relay, starttls = false", {}, "smtp", "starttls = false\n", true},
  };
  for (const Case& c : cases) {
    SmtpServer server(c.server);
    Scenario scenario;
    scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                         EmailChannel("mail", Smtp(server, c.scheme), c.extra), kFilter);
    ProcessResult run = scenario.RunOnce();
    EXPECT_EQ(run.exit_code, 0) << c.name << run.err;
    EXPECT_EQ(server.Messages().size(), c.delivered ? 1u : 0u) << c.name << "\n" << run.err;
    EXPECT_EQ(Sqlite(scenario.database(), "SELECT state FROM outbox"),
              c.delivered ? "delivered\n" : "pending\n")
        << c.name;
    if (std::string(c.name) == "no STARTTLS offered") {
      EXPECT_NE(run.err.find("does not offer STARTTLS"), std::string::npos) << run.err;
    }
  }
}

// T43: transparency through a real server, decoded by Python.
TEST(Email, BodiesArriveIntactWhateverTheirLinesAndLanguages) {
  SmtpServer server(SmtpServer::Options{});
  std::string long_line(5000, 'x');
  std::string languages =
      "English: refugees. Français: réfugiés. Deutsch: Flüchtlinge. Español: refugiados. "
      "Português: refugiados. Русский: беженцы. Українська: біженці. Ελληνικά: πρόσφυγες. "
      "العربية: لاجئون. עברית: פליטים. हिन्दी: शरणार्थी. ไทย: ผู้ลี้ภัย. ລາວ: ຊາວອົບພະຍົບ. "
      "ខ្មែរ: ជនភៀសខ្លួន. မြန်မာ: ဒုက္ခသည်. 中文: 难民. 日本語: 難民. 한국어: 난민. "
      "Tiếng Việt: người tị nạn. Türkçe: mülteciler. 👨‍👩‍👧";
  std::string summary = ".a line starting with a dot\n.\nFrom the desk: a line starting with From\n" +
                        long_line + "\n" + languages + "\ntrailing spaces   \n=?UTF-8?B?x?=";
  json payload = {{"version", 1},  {"type", "alert"},   {"id", "nla_T43"},
                  {"filter", {{"name", "f"}, {"query", "q"}}},
                  {"item", {{"title", "Transparency"}, {"link", "https://news.example/t"},
                            {"published", nullptr}, {"author", nullptr},
                            {"categories", json::array()}, {"summary", summary}}},
                  {"feed", {{"name", "F"}, {"url", "https://news.example/f"}}},
                  {"matched", {"q"}}, {"snippet", ""}, {"detected_at", "2024-11-05T08:31:00Z"}};
  config::EmailSettings settings;
  settings.smtp_url = Smtp(server);
  settings.starttls = false;
  settings.from = "newsalert@example.org";
  settings.to = {"desk@example.org"};
  Result<std::string> message =
      notify::BuildEmail(settings, "nla_T43", payload.dump(), std::chrono::system_clock::now());
  ASSERT_TRUE(message.ok());
  net::TransferLoop loop;
  net::SmtpRequest request;
  request.url = settings.smtp_url + "/alerts.example.org";
  request.require_tls = false;
  request.mail_from = "newsalert@example.org";
  request.recipients = {"desk@example.org"};
  request.message = *message;
  std::optional<net::SmtpResult> result;
  net::StartSmtp(loop, request, [&](net::SmtpResult r) { result = std::move(r); });
  for (int i = 0; i < 200 && !result; ++i) loop.Poll(100ms, -1);
  ASSERT_TRUE(result && result->ok()) << (result ? result->error_message : "no result");
  EXPECT_EQ(result->reply_code, 250);
  EXPECT_EQ(result->reply.rfind("250 2.0.0 Ok: queued as", 0), 0u) << result->reply;

  std::vector<json> messages = ReadMessages(server);
  ASSERT_EQ(messages.size(), 1u);
  std::string text = PartBody(messages[0], "text/plain");
  std::string expected_summary;
  for (std::string_view line : Split(summary, '\n')) expected_summary += std::string(line) + "\n";
  expected_summary.pop_back();
  EXPECT_NE(text.find(expected_summary), std::string::npos) << text.substr(0, 2000);
  EXPECT_LE(messages[0]["max_line"].get<int>(), 76);
}

TEST(Email, MessageOverTheServersSizeIsRefusedOnceAndNotRetried) {
  SmtpServer server(SmtpServer::Options{nullptr, nullptr, 2000, "", "", "", 0});
  FeedServer feeds;
  feeds.SetItems("/feeds/a", {{"1", "Defectors held in Laos", "https://news.example/1",
                               std::string(900, 'y') + " Laos"}});
  Scenario scenario;
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                       EmailChannel("mail", Smtp(server), "starttls = false\n"), kFilter);
  ProcessResult run = scenario.RunOnce();
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_EQ(server.Messages().size(), 0u);
  EXPECT_EQ(Sqlite(scenario.database(), "SELECT state, attempts, last_status FROM outbox"),
            "failed|1|552\n");
  EXPECT_EQ(CountLines(run.err, "failed permanently"), 1) << run.err;
  EXPECT_NE(run.err.find("too large (552)"), std::string::npos) << run.err;
  ProcessResult again = scenario.RunOnce();
  int ehlo = 0;
  for (const json& event : server.Events()) ehlo += event["event"] == "ehlo";
  EXPECT_EQ(ehlo, 1);  // Not retried.
}

// T44 (without the kills, which are in crash_test.cc).
TEST(Email, TemporaryRefusalsAreRetriedPermanentOnesAreNot) {
  FeedServer feeds;
  feeds.SetItems("/feeds/a", {{"1", "Defectors held in Laos", "https://news.example/1", "x"}});
  std::string fast = "starttls = false\nretry_schedule = [\"0s\", \"0s\", \"0s\", \"0s\"]\n";
  {
    SmtpServer greylisting(SmtpServer::Options{nullptr, nullptr, 0, "", "451:2", "", 0});
    Scenario scenario;
    scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                         EmailChannel("mail", Smtp(greylisting), fast), kFilter);
    ProcessResult run = scenario.RunOnce();
    EXPECT_EQ(greylisting.Messages().size(), 1u) << run.err;
    EXPECT_EQ(Sqlite(scenario.database(), "SELECT state, attempts FROM outbox"), "delivered|3\n");
    EXPECT_EQ(CountLines(run.err, "will retry"), 2);
  }
  {
    SmtpServer refusing(SmtpServer::Options{nullptr, nullptr, 0, "", "", "550:100", 0});
    Scenario scenario;
    scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                         EmailChannel("mail", Smtp(refusing), fast), kFilter);
    ProcessResult run = scenario.RunOnce();
    EXPECT_EQ(Sqlite(scenario.database(), "SELECT state, attempts, last_status FROM outbox"),
              "failed|1|550\n");
    EXPECT_EQ(CountLines(run.err, "failed permanently"), 1);
  }
  {
    int port = 0;
    {
      SmtpServer gone(SmtpServer::Options{});
      port = gone.port();
    }  // Stopped: the port refuses connections.
    Scenario scenario;
    scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                         EmailChannel("mail", "smtp://127.0.0.1:" + std::to_string(port),
                                      "starttls = false\n"),
                         kFilter);
    ProcessResult run = scenario.RunOnce();
    EXPECT_EQ(Sqlite(scenario.database(), "SELECT state, attempts FROM outbox"), "pending|1\n");
    EXPECT_EQ(CountLines(run.err, "will retry"), 1) << run.err;
  }
}

TEST(Email, SendTestPrintsTheServersReply) {
  SmtpServer server(SmtpServer::Options{});
  SmtpServer refusing(SmtpServer::Options{nullptr, nullptr, 0, "", "", "550:1", 0});
  Scenario scenario;
  scenario.WriteConfig({}, EmailChannel("mail", Smtp(server), "starttls = false\n") +
                               EmailChannel("refusing", Smtp(refusing), "starttls = false\n"),
                       kFilter);
  ProcessResult ok = RunNewsalert({"send-test", "mail", "-c", scenario.config().string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("delivered: 250 2.0.0 Ok: queued as"), std::string::npos) << ok.out;
  std::vector<json> messages = ReadMessages(server);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["subject"].get<std::string>().rfind("[TEST] [send-test] ", 0), 0u);
  ProcessResult refused = RunNewsalert({"send-test", "refusing", "-c", scenario.config().string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.out.find("550 5.7.1 Message refused"), std::string::npos) << refused.out;
}

}  // namespace
}  // namespace newsalert::testing
