#include "feed/xml_local_names.h"

#include <cstring>

namespace newsalert::feed {

Name NameOf(std::string_view local) {
  // Constant-length compares compile to a load or two each.
  auto is = [&]<std::size_t N>(const char (&literal)[N]) {
    return std::memcmp(local.data(), literal, N - 1) == 0;
  };
  switch (local.size()) {
    case 2:
      if (is("id")) return Name::kId;
      break;
    case 3:
      if (is("ttl")) return Name::kTtl;
      if (is("uri")) return Name::kUri;
      if (is("url")) return Name::kUrl;
      break;
    case 4:
      if (is("body")) return Name::kBody;
      if (is("date")) return Name::kDate;
      if (is("guid")) return Name::kGuid;
      if (is("item")) return Name::kItem;
      if (is("link")) return Name::kLink;
      if (is("name")) return Name::kName;
      break;
    case 5:
      if (is("email")) return Name::kEmail;
      if (is("entry")) return Name::kEntry;
      if (is("group")) return Name::kGroup;
      if (is("owner")) return Name::kOwner;
      if (is("title")) return Name::kTitle;
      break;
    case 6:
      if (is("author")) return Name::kAuthor;
      if (is("issued")) return Name::kIssued;
      break;
    case 7:
      if (is("channel")) return Name::kChannel;
      if (is("content")) return Name::kContent;
      if (is("creator")) return Name::kCreator;
      if (is("encoded")) return Name::kEncoded;
      if (is("pubDate")) return Name::kPubDate;
      if (is("subject")) return Name::kSubject;
      if (is("summary")) return Name::kSummary;
      if (is("tagline")) return Name::kTagline;
      if (is("updated")) return Name::kUpdated;
      break;
    case 8:
      if (is("abstract")) return Name::kAbstract;
      if (is("category")) return Name::kCategory;
      if (is("fullitem")) return Name::kFullitem;
      if (is("homepage")) return Name::kHomepage;
      if (is("keywords")) return Name::kKeywords;
      if (is("modified")) return Name::kModified;
      if (is("origLink")) return Name::kOrigLink;
      if (is("subtitle")) return Name::kSubtitle;
      break;
    case 9:
      if (is("published")) return Name::kPublished;
      break;
    case 11:
      if (is("description")) return Name::kDescription;
      break;
    case 13:
      if (is("lastBuildDate")) return Name::kLastBuildDate;
      break;
    case 14:
      if (is("managingEditor")) return Name::kManagingEditor;
      break;
  }
  return Name::kOther;
}

}  // namespace newsalert::feed
