#include "app/daemon.h"

#include <spdlog/spdlog.h>

#include <map>
#include <set>

#include "app/feed_poller.h"
#include "app/metrics_server.h"
#include "app/scheduler.h"
#include "app/service_status.h"
#include "app/signals.h"
#include "app/systemd_notify.h"
#include "app/test_faults.h"
#include "base/metrics.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "base/version.h"
#include "fetch/feed_fetcher.h"
#include "net/transfer_loop.h"
#include "notify/console_channel.h"
#include "notify/dispatcher.h"
#include "notify/email_channel.h"
#include "notify/webhook_channel.h"
#include "store/feed_state.h"
#include "store/schema.h"

namespace newsalert::app {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

// How long SIGTERM waits for deliveries in flight before cutting them off.
constexpr auto kShutdownGrace = 5s;
// The loop wakes at least this often, whatever is scheduled.
constexpr auto kMaxLoopWait = 5s;
// How often STATUS= and the metrics gauges are refreshed from the store.
constexpr auto kStatusEvery = 5s;

class EventLoop {
 public:
  EventLoop(std::filesystem::path config_path, std::shared_ptr<const Snapshot> snapshot,
            std::shared_ptr<const Clock> clock, RunOptions options,
            std::unique_ptr<store::Database> db)
      : config_path_(std::move(config_path)),
        snapshot_(std::move(snapshot)),
        clock_(std::move(clock)),
        options_(options),
        db_(std::move(db)),
        dispatcher_(*db_, clock_),
        poller_(*db_, clock_, dispatcher_),
        scheduler_(snapshot_->config->daemon.max_concurrent_fetches,
                   snapshot_->config->daemon.max_connections_per_host) {}

  int Run() {
    Apply(snapshot_, /*initial=*/true);
    if (Status started = StartMetrics(); !started.ok()) {
      spdlog::error("{}", started.message());
      return 1;
    }
    metrics::Set(metrics::kStartTime, {},
                 static_cast<double>(ToUnixMillis(clock_->Now())) / 1000.0);
    metrics::Set(metrics::kBuildInfo, {{"version", kVersion}}, 1);
    // Config, filters and store are loaded: only now READY=1.
    notifier_.Ready(RefreshStatus());
    spdlog::info("newsalert started feeds={} filters={} channels={} state_dir={}{}",
                 snapshot_->config->feeds.size(), snapshot_->filters->filters().size(),
                 snapshot_->config->channels.size(),
                 Quote(snapshot_->config->daemon.state_dir.string()),
                 options_.once ? " mode=once" : "");
    while (true) {
      if (wedge_at_ && SteadyClock::now() >= *wedge_at_) WedgeForever();
      TimePoint now = clock_->Now();
      if (!stopping_) StartDueFetches(now);
      std::optional<TimePoint> next_delivery;
      if (!stopping_) next_delivery = dispatcher_.Tick();

      if (stopping_) {
        if (dispatcher_.in_flight() == 0 || SteadyClock::now() >= stop_deadline_) break;
      } else if (options_.once && OnceFinished()) {
        break;
      }

      // Sleep until the next thing is due, in real time.
      std::chrono::nanoseconds wait = kMaxLoopWait;
      auto consider = [&](std::optional<TimePoint> at) {
        if (!at) return;
        if (*at <= now) {
          wait = 0ns;
          return;
        }
        wait = std::min(wait, clock_->RealDuration(*at - now));
      };
      if (!stopping_) {
        consider(scheduler_.NextDue());
        consider(next_delivery);
      } else {
        wait = std::min<std::chrono::nanoseconds>(wait, 100ms);
      }
      wait = std::min(wait, KeepAlive());
      auto wait_ms = std::chrono::ceil<std::chrono::milliseconds>(wait);
      bool signalled = loop_.Wait(wait_ms, signals_.fd());
      CompleteTransfers();
      if (signalled) HandleSignals();
    }
    notifier_.Stopping();
    metrics_server_.Stop();
    tearing_down_ = true;
    spdlog::info("newsalert stopped");
    return 0;
  }

 private:
  Status StartMetrics() {
    const config::MetricsSettings& settings = snapshot_->config->metrics;
    if (settings.listen_host.empty()) return Status::Ok();
    NEWSALERT_RETURN_IF_ERROR(metrics_server_.Start(settings.listen_host, settings.listen_port));
    metrics_listen_ = settings;
    spdlog::info("metrics served listen={}:{} path=/metrics", settings.listen_host,
                 settings.listen_port);
    return Status::Ok();
  }

  // Counts feeds, filters and pending alerts in the store for the systemd
  // STATUS= line and the metrics gauges; returns the line.
  std::string RefreshStatus() {
    last_status_refresh_ = SteadyClock::now();
    Result<ServiceCounts> counts = CountService(*db_, *snapshot_);
    if (!counts.ok()) {
      spdlog::warn("status not counted error={}", Quote(counts.status().message()));
      return "running";
    }
    PublishGauges(*counts, clock_->Now());
    return StatusLine(*counts);
  }

  // The loop's heartbeat: pings systemd's watchdog (a wedged loop stops the
  // pings, and systemd restarts the service) and refreshes STATUS= now and
  // then. Returns how long the loop may sleep before the next heartbeat.
  std::chrono::nanoseconds KeepAlive() {
    auto now = SteadyClock::now();
    std::chrono::nanoseconds wait = kMaxLoopWait;
    if (auto interval = notifier_.watchdog_interval()) {
      if (now - last_ping_ >= *interval) {
        notifier_.PingWatchdog();
        last_ping_ = now;
      }
      wait = std::min<std::chrono::nanoseconds>(wait, *interval - (now - last_ping_));
    }
    if (!stopping_ && now - last_status_refresh_ >= kStatusEvery) {
      notifier_.Status(RefreshStatus());
    }
    return std::max<std::chrono::nanoseconds>(wait, 0ns);
  }

  // Installs a snapshot: filters, channels, feeds, limits.
  void Apply(std::shared_ptr<const Snapshot> snapshot, bool initial) {
    snapshot_ = std::move(snapshot);
    const config::Config& config = *snapshot_->config;
    if (!options_.log_level_override) SetLogLevel(config.daemon.log_level);
    poller_.SetSnapshot(snapshot_);

    std::vector<std::shared_ptr<notify::Channel>> channels;
    for (const config::ChannelConfig& channel : config.channels) {
      switch (channel.type) {
        case config::ChannelType::kConsole:
          channels.push_back(std::make_shared<notify::ConsoleChannel>(channel));
          break;
        case config::ChannelType::kWebhook:
          channels.push_back(std::make_shared<notify::WebhookChannel>(channel, loop_, clock_));
          break;
        case config::ChannelType::kEmail:
          channels.push_back(std::make_shared<notify::EmailChannel>(channel, loop_, clock_));
          break;
      }
    }
    dispatcher_.SetChannels(std::move(channels));

    // Feeds: stored next poll times keep the rhythm across restarts; a feed
    // never polled is due at once.
    std::map<std::string, TimePoint> due;
    TimePoint now = clock_->Now();
    store::FeedStateStore states(*db_);
    Result<std::vector<store::FeedState>> all = states.LoadAll();
    if (all.ok()) {
      for (const store::FeedState& state : *all) {
        bool waiting = state.consecutive_failures > 0 ||
                       (state.retry_after_until && *state.retry_after_until > ToUnixMillis(now));
        if (options_.once) {
          // --once polls everything now, except feeds told to wait.
          if (waiting && !options_.force && state.next_poll_at) {
            due[state.url] = FromUnixMillis(*state.next_poll_at);
          }
        } else if (state.next_poll_at) {
          due[state.url] = FromUnixMillis(*state.next_poll_at);
        }
      }
    } else {
      spdlog::error("feed states not readable error={}", Quote(all.status().message()));
    }
    if (options_.once && initial) {
      for (const config::FeedConfig& feed : config.feeds) {
        auto it = due.find(feed.url);
        if (it != due.end() && it->second > now) {
          spdlog::info("feed skipped: in backoff or asked to wait feed={} until={} "
                       "(--force polls it anyway)",
                       Quote(feed.name), FormatRfc3339(it->second));
          continue;
        }
        once_remaining_.insert(feed.url);
      }
    }
    scheduler_.SetLimits(config.daemon.max_concurrent_fetches,
                         config.daemon.max_connections_per_host);
    scheduler_.SetFeeds(config.feeds, due);
    feeds_by_url_.clear();
    for (const config::FeedConfig& feed : config.feeds) feeds_by_url_[feed.url] = feed;
    if (options_.once && initial) {
      // Pending alerts from earlier runs get their attempt in this run.
      MakePendingDue(now);
    }
  }

  void MakePendingDue(TimePoint now) {
    Result<store::Statement> update = db_->Prepare(
        "UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?");
    if (!update.ok()) return;
    std::int64_t now_ms = ToUnixMillis(now);
    update->Bind(1, now_ms).Bind(2, now_ms);
    (void)update->Run();
  }

  void StartDueFetches(TimePoint now) {
    for (const std::string& url : scheduler_.TakeDue(now)) {
      if (options_.once && once_remaining_.count(url) == 0) {
        // Already polled in this run (or skipped): not again.
        scheduler_.Finished(url, TimePoint::max());
        continue;
      }
      auto it = feeds_by_url_.find(url);
      if (it == feeds_by_url_.end()) {
        scheduler_.Finished(url, TimePoint::max());
        continue;
      }
      config::FeedConfig feed = it->second;
      net::HttpRequest request = fetch::BuildFeedRequest(feed, snapshot_->config->daemon,
                                                         poller_.LoadValidators(feed));
      spdlog::debug("feed fetch started feed={}", Quote(feed.name));
      net::StartHttp(loop_, std::move(request), [this, feed](net::HttpResult result) {
        // Cut off by shutdown: not a failure of the feed; it is fetched
        // again after the restart.
        if (tearing_down_) return;
        fetch::FetchOutcome outcome = fetch::InterpretFeedResponse(std::move(result), clock_->Now());
        TimePoint next = poller_.OnFetched(feed, std::move(outcome));
        scheduler_.Finished(feed.url, options_.once ? TimePoint::max() : next);
        once_remaining_.erase(feed.url);
        if (options_.once && once_remaining_.empty() && !polls_done_at_) {
          polls_done_at_ = SteadyClock::now();
        }
      });
    }
  }

  // Group commit: what the transfers finishing in one turn write (items,
  // outbox rows, feed states with their validators) commits in one
  // transaction, one fsync per turn rather than one per feed. Each feed
  // still records inside its own savepoint, so the invariants hold (an
  // alert commits with its item, validators with their items), and alerts
  // are dispatched only after this commit (Tick runs on the next turn).
  void CompleteTransfers() {
    store::Transaction batch(*db_);
    bool batched = batch.Begin().ok();
    loop_.Perform();
    if (!batched) return;
    if (Status committed = batch.Commit(); !committed.ok()) {
      spdlog::error("store commit failed error={}", Quote(committed.message()));
    }
  }

  bool OnceFinished() {
    if (!once_remaining_.empty() || scheduler_.in_flight() > 0) return false;
    if (!polls_done_at_) polls_done_at_ = SteadyClock::now();
    if (dispatcher_.in_flight() == 0 && !dispatcher_.HasDueWork()) return true;
    if (SteadyClock::now() - *polls_done_at_ > options_.once_delivery_wait) {
      spdlog::warn("--once: stopped waiting for deliveries after {}s; pending alerts stay "
                   "in the outbox",
                   options_.once_delivery_wait.count());
      return true;
    }
    return false;
  }

  void HandleSignals() {
    for (SignalEvent event : signals_.Drain()) {
      if (event == SignalEvent::kStop) {
        if (!stopping_) {
          spdlog::info("stopping: polling stopped, finishing deliveries in flight "
                       "in_flight={} grace={}s",
                       dispatcher_.in_flight(),
                       std::chrono::duration_cast<std::chrono::seconds>(kShutdownGrace).count());
          notifier_.Stopping();
          stopping_ = true;
          stop_deadline_ = SteadyClock::now() + kShutdownGrace;
        }
      } else if (!stopping_) {
        Reload();
      }
    }
  }

  // SIGHUP: a new snapshot replaces the old one only if all of it
  // validates. Alerts already queued stay in the outbox whatever changes;
  // deliveries in flight finish on the channel objects that started them.
  void Reload() {
    notifier_.Reloading();
    spdlog::info("reloading configuration path={}", Quote(config_path_.string()));
    Result<std::shared_ptr<const Snapshot>> loaded = LoadSnapshot(config_path_);
    bool applied = false;
    if (!loaded.ok()) {
      spdlog::error("reload failed; the previous configuration stays in force:");
      // Held here: Split returns views into it.
      const std::string message = loaded.status().message();
      for (std::string_view line : Split(message, '\n')) {
        spdlog::error("{}", line);
      }
    } else if ((*loaded)->config->daemon.state_dir != snapshot_->config->daemon.state_dir) {
      spdlog::error("reload failed: state_dir changed; restart newsalert to move its state "
                    "(the previous configuration stays in force)");
    } else {
      const config::MetricsSettings& metrics = (*loaded)->config->metrics;
      if (metrics.listen_host != metrics_listen_.listen_host ||
          metrics.listen_port != metrics_listen_.listen_port) {
        spdlog::warn("[metrics] listen changed: takes effect at the next restart");
      }
      Apply(*loaded, /*initial=*/false);
      applied = true;
      spdlog::info("configuration reloaded feeds={} filters={} channels={}",
                   snapshot_->config->feeds.size(), snapshot_->filters->filters().size(),
                   snapshot_->config->channels.size());
    }
    metrics::Increment(metrics::kReloads, {{"result", applied ? "ok" : "error"}});
    notifier_.Ready(RefreshStatus());
  }

  std::filesystem::path config_path_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::shared_ptr<const Clock> clock_;
  RunOptions options_;
  SignalWatcher signals_;  // Before metrics_server_: threads inherit the blocked signals.
  SystemdNotifier notifier_;
  MetricsServer metrics_server_;
  config::MetricsSettings metrics_listen_;  // What metrics_server_ listens on.
  std::unique_ptr<store::Database> db_;
  notify::Dispatcher dispatcher_;
  FeedPoller poller_;
  Scheduler scheduler_;
  std::map<std::string, config::FeedConfig> feeds_by_url_;
  std::set<std::string> once_remaining_;
  std::optional<SteadyClock::time_point> polls_done_at_;
  bool stopping_ = false;
  bool tearing_down_ = false;  // Run() returned: transfers are being cut off.
  SteadyClock::time_point stop_deadline_;
  SteadyClock::time_point last_ping_ = SteadyClock::now();
  SteadyClock::time_point last_status_refresh_;
  std::optional<SteadyClock::time_point> wedge_at_ = WedgeLoopDeadlineFromEnvironment();
  // Last: destroyed first, so transfers it cancels can still report to the
  // dispatcher and poller above.
  net::TransferLoop loop_;
};

}  // namespace

int RunDaemon(const std::filesystem::path& config_path, std::shared_ptr<const Snapshot> snapshot,
              std::shared_ptr<const Clock> clock, const RunOptions& options) {
  Result<std::unique_ptr<store::Database>> db =
      store::OpenStore(snapshot->config->daemon.state_dir.string());
  if (!db.ok()) {
    spdlog::error("cannot open the store: {}", db.status().message());
    return 1;
  }
  EventLoop loop(config_path, std::move(snapshot), std::move(clock), options, std::move(*db));
  return loop.Run();
}

}  // namespace newsalert::app
