// Move-only RAII owners of libcurl handles.
#pragma once

#include <curl/curl.h>

#include <utility>

namespace newsalert::net {

class CurlEasy {
 public:
  CurlEasy() : handle_(curl_easy_init()) {}
  ~CurlEasy() {
    if (handle_ != nullptr) curl_easy_cleanup(handle_);
  }
  CurlEasy(CurlEasy&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  CurlEasy& operator=(CurlEasy&& other) noexcept {
    std::swap(handle_, other.handle_);
    return *this;
  }
  CurlEasy(const CurlEasy&) = delete;
  CurlEasy& operator=(const CurlEasy&) = delete;

  CURL* get() const { return handle_; }

 private:
  CURL* handle_;
};

class CurlHeaderList {
 public:
  CurlHeaderList() = default;
  ~CurlHeaderList() {
    if (list_ != nullptr) curl_slist_free_all(list_);
  }
  CurlHeaderList(CurlHeaderList&& other) noexcept : list_(std::exchange(other.list_, nullptr)) {}
  CurlHeaderList& operator=(CurlHeaderList&& other) noexcept {
    std::swap(list_, other.list_);
    return *this;
  }
  CurlHeaderList(const CurlHeaderList&) = delete;
  CurlHeaderList& operator=(const CurlHeaderList&) = delete;

  // Returns false when libcurl is out of memory.
  bool Append(const char* line) {
    curl_slist* appended = curl_slist_append(list_, line);
    if (appended == nullptr) return false;
    list_ = appended;
    return true;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

}  // namespace newsalert::net
