#pragma once
// An optional value kept on the heap: one pointer in its owner instead of
// the value's size. For the fields most nodes leave empty (a rule's rate
// limit, its log prefix, an interface name) in structures that a scenario
// can have a million of. Unlike std::unique_ptr it copies its value, so the
// owner stays a plain value type; it reads like std::optional.
#include <memory>
#include <optional>
#include <utility>

namespace faultc {

template <typename T>
class Box {
 public:
  Box() = default;
  Box(std::nullopt_t) {}  // NOLINT: like std::optional
  Box(T value) : value_(std::make_unique<T>(std::move(value))) {}  // NOLINT: like std::optional
  Box(const std::optional<T>& value) : value_(value ? std::make_unique<T>(*value) : nullptr) {}  // NOLINT
  Box(const Box& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  ~Box() = default;

  explicit operator bool() const { return value_ != nullptr; }
  bool has_value() const { return value_ != nullptr; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return value_.get(); }
  const T* operator->() const { return value_.get(); }
  void reset() { value_.reset(); }

  friend bool operator==(const Box& a, const Box& b) { return a && b ? *a == *b : !a && !b; }
  friend bool operator==(const Box& a, const T& b) { return a && *a == b; }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace faultc
