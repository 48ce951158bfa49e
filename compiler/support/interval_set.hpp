#pragma once
// Sorted, merged, closed intervals over an unsigned integer type: the
// normal form of address and port sets, with the set algebra the shadowing
// check and the evaluator need.
#include <algorithm>
#include <limits>
#include <span>

#include "compiler/support/small_vector.hpp"

namespace faultc {

template <typename T>
struct Interval {
  T low{}, high{};  // inclusive
  friend bool operator==(const Interval&, const Interval&) = default;
};

template <typename T>
class IntervalSet {
 public:
  IntervalSet() = default;
  static IntervalSet everything() {
    IntervalSet s;
    s.items_.push_back({std::numeric_limits<T>::min(), std::numeric_limits<T>::max()});
    return s;
  }

  void add(T low, T high) {
    items_.push_back({low, high});
  }
  void add(const IntervalSet& other) {
    for (const auto& i : other.intervals()) add(i.low, i.high);
  }

  // Sorts and merges overlapping or adjacent intervals, in place.
  void normalize() {
    if (normal()) return;  // most sets are built in order: one address, one port
    std::sort(items_.begin(), items_.end(), [](const auto& a, const auto& b) { return a.low < b.low; });
    std::size_t kept = 0;  // items_[0, kept) is the merged prefix
    for (const Interval<T> i : items_) {
      if (kept > 0 && (items_[kept - 1].high == std::numeric_limits<T>::max() || i.low <= items_[kept - 1].high + 1)) {
        items_[kept - 1].high = std::max(items_[kept - 1].high, i.high);
      } else {
        items_[kept++] = i;
      }
    }
    items_.resize(kept);
  }

  std::span<const Interval<T>> intervals() const { return {items_.begin(), items_.end()}; }
  bool empty() const { return items_.empty(); }
  bool is_everything() const {
    return items_.size() == 1 && items_[0].low == std::numeric_limits<T>::min() &&
           items_[0].high == std::numeric_limits<T>::max();
  }

  bool contains(T value) const {
    auto it = std::upper_bound(items_.begin(), items_.end(), value, [](T v, const auto& i) { return v < i.low; });
    return it != items_.begin() && std::prev(it)->high >= value;
  }

  IntervalSet complement() const {
    IntervalSet out;
    T next = std::numeric_limits<T>::min();
    bool open = true;
    for (const auto& i : items_) {
      if (i.low > next) out.items_.push_back({next, static_cast<T>(i.low - 1)});
      if (i.high == std::numeric_limits<T>::max()) {
        open = false;
        break;
      }
      next = static_cast<T>(i.high + 1);
    }
    if (open) out.items_.push_back({next, std::numeric_limits<T>::max()});
    return out;
  }

  IntervalSet intersect(const IntervalSet& other) const {
    IntervalSet out;
    std::size_t a = 0, b = 0;
    while (a < items_.size() && b < other.items_.size()) {
      const T low = std::max(items_[a].low, other.items_[b].low);
      const T high = std::min(items_[a].high, other.items_[b].high);
      if (low <= high) out.items_.push_back({low, high});
      if (items_[a].high < other.items_[b].high) ++a;
      else ++b;
    }
    return out;
  }

  bool subset_of(const IntervalSet& other) const { return intersect(other.complement()).empty(); }

  friend bool operator==(const IntervalSet& a, const IntervalSet& b) { return a.items_ == b.items_; }

 private:
  // Sorted, and no interval overlaps or touches the next.
  bool normal() const {
    for (std::size_t k = 1; k < items_.size(); ++k) {
      if (items_[k - 1].high == std::numeric_limits<T>::max() || items_[k].low <= items_[k - 1].high + 1) return false;
    }
    return true;
  }

  SmallVector<Interval<T>> items_;
};

}  // namespace faultc
