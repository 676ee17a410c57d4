#include "match/filter_index.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "text/words.h"

namespace newsalert::match {
namespace {

// Words so common in news text that a filter anchored on them would be
// evaluated for most items (English function words and the commonest news
// vocabulary). Only a cost hint: any choice of anchors is correct.
bool IsCommonWord(std::string_view word) {
  static const std::set<std::string_view> kCommon = {
      "a", "about", "after", "against", "all", "also", "an", "and", "are", "as", "at",
      "be", "been", "but", "by", "can", "could", "country", "day", "did", "do", "for",
      "foreign", "former", "from", "government", "had", "has", "have", "he", "her", "his",
      "i", "if", "in", "into", "is", "it", "its", "last", "local", "made", "minister",
      "more", "most", "new", "news", "no", "not", "of", "officials", "on", "one", "or",
      "other", "our", "over", "people", "percent", "police", "president", "prime", "said",
      "says", "she", "so", "state", "than", "that", "the", "their", "them", "there",
      "they", "this", "three", "time", "to", "two", "up", "us", "was", "we", "week",
      "were", "what", "when", "which", "while", "who", "will", "with", "world", "would",
      "year", "years", "you"};
  return kCommon.count(word) > 0;
}

// How many items an anchor is likely to select, relatively: short words are
// common (Zipf), and a prefix selects more than a word.
double AnchorCost(const Anchor& anchor) {
  std::size_t length = std::min<std::size_t>(anchor.text.size(), 8);
  double cost = static_cast<double>(1u << (8 - length));
  if (IsCommonWord(anchor.text)) cost *= 64;
  return anchor.prefix ? 4 * cost : cost;
}

double SetCost(const std::vector<Anchor>& anchors) {
  double cost = 0;
  for (const Anchor& anchor : anchors) cost += AnchorCost(anchor);
  return cost;
}

bool ByCost(const AnchorGroup& a, const AnchorGroup& b) { return SetCost(a) < SetCost(b); }

// The groups `node` requires, every one of them; nothing for NOT/regex.
std::vector<AnchorGroup> Groups(const QueryNode& node) {
  std::vector<AnchorGroup> groups;
  switch (node.kind) {
    case QueryNode::Kind::kTerm:
      for (const TermWord& word : node.words) groups.push_back({Anchor{word.text, word.prefix}});
      break;
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kNear:
      for (const auto& child : node.children) {
        std::vector<AnchorGroup> child_groups = Groups(*child);
        groups.insert(groups.end(), child_groups.begin(), child_groups.end());
      }
      break;
    case QueryNode::Kind::kOr: {
      // If the OR holds, one side holds and hits all of its groups; so any
      // choice of one group per side, merged, is hit. With few sides, take
      // every combination of each side's two best groups.
      std::vector<AnchorGroup> combined = {AnchorGroup{}};
      std::size_t per_side = node.children.size() <= 3 ? 2 : 1;
      for (const auto& child : node.children) {
        std::vector<AnchorGroup> child_groups = Groups(*child);
        if (child_groups.empty()) return {};
        std::stable_sort(child_groups.begin(), child_groups.end(), ByCost);
        child_groups.resize(std::min(child_groups.size(), per_side));
        std::vector<AnchorGroup> next;
        for (const AnchorGroup& left : combined) {
          for (const AnchorGroup& right : child_groups) {
            AnchorGroup merged = left;
            merged.insert(merged.end(), right.begin(), right.end());
            next.push_back(std::move(merged));
          }
        }
        combined = std::move(next);
      }
      groups = std::move(combined);
      break;
    }
    case QueryNode::Kind::kNot:
    case QueryNode::Kind::kRegex:
      break;
  }
  return groups;
}

std::size_t RoundUpPowerOfTwo(std::size_t n) {
  std::size_t size = 1;
  while (size < n) size *= 2;
  return size;
}

}  // namespace

std::vector<AnchorGroup> RequiredGroups(const QueryNode& query) {
  std::vector<AnchorGroup> groups = Groups(query);
  std::stable_sort(groups.begin(), groups.end(), ByCost);
  // The same word twice ("a NEAR/5 a", a phrase inside an AND with its
  // word) is one requirement.
  std::vector<AnchorGroup> kept;
  for (AnchorGroup& group : groups) {
    bool seen = std::any_of(kept.begin(), kept.end(), [&](const AnchorGroup& other) {
      return other.size() == group.size() &&
             std::equal(other.begin(), other.end(), group.begin(),
                        [](const Anchor& a, const Anchor& b) {
                          return a.text == b.text && a.prefix == b.prefix;
                        });
    });
    if (!seen) kept.push_back(std::move(group));
    if (kept.size() == kMaxGroups) break;
  }
  return kept;
}

void FilterIndex::Table::Build(std::vector<Entry> entries) {
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    if (a.text != b.text) return a.text < b.text;
    return a.posting.filter_group < b.posting.filter_group;
  });
  runs.clear();
  postings.clear();
  postings.reserve(entries.size());
  std::size_t keys = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i == 0 || entries[i].hash != entries[i - 1].hash) ++keys;
  }
  buckets.assign(RoundUpPowerOfTwo(std::max<std::size_t>(16, keys * 2)), Bucket{});
  // About 16 bits per key keeps false positives near 1 in 20 with one probe.
  std::size_t bits = RoundUpPowerOfTwo(std::max<std::size_t>(1024, keys * 16));
  bloom.assign(bits / 64, 0);
  bloom_mask = bits - 1;
  std::size_t mask = buckets.size() - 1;
  for (std::size_t i = 0; i < entries.size();) {
    std::uint64_t hash = entries[i].hash;
    auto first_run = static_cast<std::uint32_t>(runs.size());
    while (i < entries.size() && entries[i].hash == hash) {
      std::uint32_t text = entries[i].text;
      auto begin = static_cast<std::uint32_t>(postings.size());
      for (; i < entries.size() && entries[i].hash == hash && entries[i].text == text; ++i) {
        postings.push_back(entries[i].posting);
      }
      runs.push_back(Run{text, begin, static_cast<std::uint32_t>(postings.size())});
    }
    std::size_t slot = hash & mask;
    while (buckets[slot].end != 0) slot = (slot + 1) & mask;
    buckets[slot] = Bucket{hash, first_run, static_cast<std::uint32_t>(runs.size())};
    std::uint64_t bit = (hash >> 17) & bloom_mask;
    bloom[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  }
}

const FilterIndex::Bucket* FilterIndex::Table::Find(std::uint64_t hash) const {
  std::size_t mask = buckets.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const Bucket& bucket = buckets[slot];
    if (bucket.end == 0) return nullptr;
    if (bucket.hash == hash) return &bucket;
  }
}

void FilterIndex::Build(const std::vector<const QueryNode*>& queries) {
  std::vector<Entry> exact;
  std::vector<Entry> prefix;
  texts_.clear();
  always_.clear();
  required_.assign(queries.size(), 0);
  short_prefix_lengths_ = 0;
  has_long_prefixes_ = false;
  // One text per distinct anchor, so that a bucket's postings share it and
  // Candidates compares it once.
  std::map<std::string, std::uint32_t, std::less<>> text_index;
  auto intern = [&](std::string text) {
    auto [it, added] = text_index.emplace(std::move(text), static_cast<std::uint32_t>(texts_.size()));
    if (added) texts_.push_back(it->first);
    return it->second;
  };
  for (std::size_t i = 0; i < queries.size(); ++i) {
    auto filter = static_cast<std::uint32_t>(i);
    std::vector<AnchorGroup> groups = RequiredGroups(*queries[i]);
    if (groups.empty()) {
      always_.push_back(filter);
      continue;
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      auto bit = static_cast<std::uint8_t>(1u << g);
      required_[i] |= bit;
      std::uint32_t filter_group = filter << 2 | static_cast<std::uint32_t>(g);
      for (Anchor& anchor : groups[g]) {
        std::uint32_t text = intern(anchor.text);
        if (anchor.prefix) {
          std::size_t key = std::min(anchor.text.size(), kPrefixKey);
          if (key < kPrefixKey) {
            short_prefix_lengths_ |= 1u << key;
          } else {
            has_long_prefixes_ = true;
          }
          prefix.push_back(Entry{
              text::PrefixKeyHash(std::string_view(anchor.text).substr(0, key)), text,
              Posting{filter_group}});
        } else {
          exact.push_back(Entry{text::WordHash(anchor.text), text, Posting{filter_group}});
        }
      }
    }
  }
  exact_.Build(std::move(exact));
  prefix_.Build(std::move(prefix));
}

// Counts `count` postings: sets their group bits in `hits` and appends to
// `touched` each filter seen for the first time (without a branch: the
// slot is overwritten when it is not). Returns the new number of touched
// filters. A function of its own with everything in locals: through the
// captured references of a lambda, every byte store to `hits` (which may
// alias anything) made the compiler reload them, twice the instructions.
std::size_t FilterIndex::CountPostings(const Posting* postings, std::size_t count,
                                       std::uint8_t* hits, std::uint32_t* touched,
                                       std::size_t touched_count) {
  for (std::size_t p = 0; p < count; ++p) {
    std::uint32_t filter = postings[p].filter();
    std::uint8_t mask = hits[filter];
    touched[touched_count] = filter;
    touched_count += mask == 0;
    hits[filter] = mask | postings[p].group_bit();
  }
  return touched_count;
}

void FilterIndex::Candidates(const MatchDocument& document, Scratch& scratch,
                             std::vector<std::uint32_t>& out) const {
  if (scratch.hits.size() < required_.size()) scratch.hits.resize(required_.size());
  // Without branches: a filter is appended when its mask goes from 0, else
  // overwritten next time (the slot past the end is always writable).
  std::size_t touched = 0;
  std::uint32_t* touched_filters = nullptr;
  auto reserve = [&](std::size_t more) {
    if (scratch.touched.size() < touched + more + 1) {
      scratch.touched.resize(2 * (touched + more + 1));
    }
    touched_filters = scratch.touched.data();
  };
  reserve(256);
  std::uint8_t* hits = scratch.hits.data();
  for (const DistinctWord& distinct : document.distinct()) {
    std::uint64_t hash = distinct.hash;
    std::string_view word = distinct.folded();
    // The postings of the runs whose text `matches`, counted.
    auto count_runs = [&](const Table& table, const Bucket& bucket, auto matches) {
      for (std::uint32_t r = bucket.begin; r < bucket.end; ++r) {
        const Run& run = table.runs[r];
        if (!matches(texts_[run.text])) continue;
        reserve(run.end - run.begin);
        touched = CountPostings(table.postings.data() + run.begin, run.end - run.begin, hits,
                                touched_filters, touched);
      }
    };
    if (exact_.MayContain(hash)) {
      if (const Bucket* bucket = exact_.Find(hash)) {
        count_runs(exact_, *bucket,
                   [&](const std::string& text) { return text::SameFolded(text, word); });
      }
    }
    auto probe_prefix = [&](std::size_t length) {
      std::uint64_t key = text::PrefixKeyHash(word.substr(0, length));
      if (!prefix_.MayContain(key)) return;
      const Bucket* bucket = prefix_.Find(key);
      if (bucket == nullptr) return;
      count_runs(prefix_, *bucket, [&](const std::string& text) {
        return word.size() >= text.size() && word.compare(0, text.size(), text) == 0;
      });
    };
    if (has_long_prefixes_ && word.size() >= kPrefixKey) probe_prefix(kPrefixKey);
    for (std::uint32_t lengths = short_prefix_lengths_; lengths != 0; lengths &= lengths - 1) {
      auto length = static_cast<std::size_t>(__builtin_ctz(lengths));
      if (length <= word.size()) probe_prefix(length);
    }
  }
  // The filters whose groups were all hit, compacted in place, again
  // without a branch (one in ten touched filters is a candidate: a branch
  // would mispredict).
  std::size_t complete = 0;
  const std::uint8_t* required = required_.data();
  for (std::size_t t = 0; t < touched; ++t) {
    std::uint32_t filter = touched_filters[t];
    touched_filters[complete] = filter;
    complete += hits[filter] == required[filter];
    hits[filter] = 0;
  }
  std::size_t first = out.size();
  out.insert(out.end(), touched_filters, touched_filters + complete);
  out.insert(out.end(), always_.begin(), always_.end());
  std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
}

}  // namespace newsalert::match
